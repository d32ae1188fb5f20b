#include "BashCompletion.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <vector>

namespace earshot
{
    namespace
    {
        /** What completion needs to know of one command: its subcommands' names and its options. */
        struct CommandWords
        {
            std::vector<std::string> subcommands;
            std::vector<std::string> options;
            /** Options that take a text value (a path, a name): their value completes as a file name. */
            std::vector<std::string> textOptions;
            /** Options that take a number: their value gets no completion. */
            std::vector<std::string> numberOptions;
        };

        bool isNumeric (const CLI::Option& option)
        {
            const auto type = option.get_type_name();
            for (const auto* numeric : { "INT", "UINT", "FLOAT", "NUMBER" })
                if (type.rfind (numeric, 0) == 0)
                    return true;
            return false;
        }

        /** The options of app, and of its option groups (unnamed subcommands), that help shows. */
        void collectOptions (const CLI::App& app, CommandWords& words)
        {
            for (const auto* option : app.get_options())
            {
                // A hidden option (empty group), such as --bash-completion itself, is not offered.
                if (! option->nonpositional() || option->get_group().empty())
                    continue;
                std::vector<std::string> names;
                for (const auto& name : option->get_snames())
                    names.push_back ("-" + name);
                for (const auto& name : option->get_lnames())
                    names.push_back ("--" + name);
                words.options.insert (words.options.end(), names.begin(), names.end());
                if (option->get_type_size_max() > 0)
                {
                    auto& valued = isNumeric (*option) ? words.numberOptions : words.textOptions;
                    valued.insert (valued.end(), names.begin(), names.end());
                }
            }
            for (const auto* group : app.get_subcommands ([] (const CLI::App* sub)
                                                          { return sub->get_name().empty(); }))
                collectOptions (*group, words);
        }

        void collectCommands (const CLI::App& app, const std::string& path, std::map<std::string, CommandWords>& commands)
        {
            auto& words = commands[path];
            collectOptions (app, words);
            for (const auto* sub : app.get_subcommands ([] (const CLI::App* each)
                                                        { return ! each->get_name().empty(); }))
            {
                words.subcommands.push_back (sub->get_name());
                collectCommands (*sub, path + " " + sub->get_name(), commands);
            }
        }

        std::string joined (const std::vector<std::string>& words)
        {
            std::string text;
            for (const auto& word : words)
                text += (text.empty() ? "" : " ") + word;
            return text;
        }

        /** Bash's name for the program's completion function: letters, digits and underscores only. */
        std::string functionName (const std::string& program)
        {
            auto name = "_" + program;
            std::replace_if (
                name.begin(), name.end(), [] (char c)
                { return ! std::isalnum (static_cast<unsigned char> (c)); },
                '_');
            return name;
        }
    } // namespace

    std::string bashCompletion (const CLI::App& app, const std::string& program)
    {
        // Keyed by the command's words: bash's associative arrays take no empty key.
        std::map<std::string, CommandWords> commands;
        collectCommands (app, program, commands);

        const auto table = [&] (const char* name, std::vector<std::string> CommandWords::*member)
        {
            std::ostringstream out;
            out << "    local -A " << name << "=(\n";
            for (const auto& [path, words] : commands)
                out << "        [\"" << path << "\"]=\"" << joined (words.*member) << "\"\n";
            out << "    )\n";
            return out.str();
        };

        const auto function = functionName (program);
        std::ostringstream script;
        script << "# bash completion for " << program << ", generated from its command tree by `" << program << " --bash-completion`.\n"
               << "# Each table is keyed by a command's words (\"" << program << "\", \"" << program << " friends add\").\n"
               << "\n"
               << function << "()\n"
               << "{\n"
               << table ("commands", &CommandWords::subcommands)
               << table ("options", &CommandWords::options)
               << table ("text_options", &CommandWords::textOptions)
               << table ("number_options", &CommandWords::numberOptions)
               << "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\" path=\"" << program << "\" word i\n"
               << R"(    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"

    # Follow the words before the cursor down the tree, stepping over options' values.
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word="${COMP_WORDS[i]}"
        if [[ " ${text_options[$path]} ${number_options[$path]} " == *" $word "* ]]; then
            (( i++ ))
        elif [[ " ${commands[$path]} " == *" $word "* ]]; then
            path="$path $word"
        fi
    done

    COMPREPLY=()
    if [[ " ${number_options[$path]} " == *" $prev "* ]]; then
        return 0
    elif [[ " ${text_options[$path]} " == *" $prev "* ]]; then
        COMPREPLY=( $(compgen -f -- "$cur") )
    elif [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "${options[$path]}" -- "$cur") )
    elif [[ -n "${commands[$path]}" ]]; then
        COMPREPLY=( $(compgen -W "${commands[$path]}" -- "$cur") )
    else
        # A command with no subcommands: its arguments (files and folders to publish, a .torrent).
        COMPREPLY=( $(compgen -f -- "$cur") )
    fi
}
)"
               << "complete -o filenames -F " << function << " " << program << "\n";
        return script.str();
    }
} // namespace earshot
