// What hosts show of the plugin before it plays anything: the LV2 bundle's Turtle (the author's
// homepage and e-mail, the version, the one preset's label) and, through JUCE's hosting classes, the
// VST3's category and the name of the plugin's one program as an LV2 host lists it.

#include "Core/Version.h"
#include "PluginHostSupport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** Every .ttl file of the built LV2 bundle, one after the other. */
    std::string lv2Turtle()
    {
        std::string text;
        for (const auto& entry : std::filesystem::directory_iterator (EARSHOT_LV2_BUNDLE))
            if (entry.path().extension() == ".ttl")
            {
                std::ifstream in (entry.path());
                std::ostringstream content;
                content << in.rdbuf();
                text += content.str();
            }
        return text;
    }
} // namespace

TEST (PluginMetadata, TheLv2ManifestNamesTheAuthorsHomepageAndEmail)
{
    const auto turtle = lv2Turtle();
    ASSERT_NE (turtle.find ("<" EARSHOT_LV2_URI ">"), std::string::npos) << turtle;
    EXPECT_NE (turtle.find ("doap:name \"Earshot\""), std::string::npos) << turtle;
    EXPECT_NE (turtle.find ("foaf:name \"Earshot\""), std::string::npos) << turtle;
    EXPECT_NE (turtle.find ("foaf:homepage <https://earshot.audio>"), std::string::npos) << turtle;
    // foaf:mbox is a mailto: URI; a bare address would be a relative URI hosts resolve against the bundle.
    EXPECT_NE (turtle.find ("foaf:mbox <mailto:maintainers@earshot.audio>"), std::string::npos) << turtle;
    EXPECT_EQ (turtle.find ("foaf:homepage <>"), std::string::npos) << turtle;
    EXPECT_NE (turtle.find ("doap:revision \"" + std::string (projectVersion) + "\""), std::string::npos) << turtle;
    // The one preset (the plugin's one program) has a label hosts can list.
    EXPECT_NE (turtle.find ("rdfs:label \"Swarm preview\""), std::string::npos) << turtle;
    EXPECT_EQ (turtle.find ("rdfs:label \"\""), std::string::npos) << turtle;
}

TEST (PluginMetadata, AnLv2HostListsTheOneProgramByName)
{
    // LV2 hosts list the plugin's programs as presets. (JUCE's VST3 wrapper exposes a program list only
    // for more than one program, so a VST3 host shows none.)
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory home ("earshot-plugin-home");
    auto plugin = loadPlugin (Format::lv2, home.path());
    ASSERT_NE (plugin, nullptr) << "the built LV2 plugin did not load";
    EXPECT_EQ (plugin->getNumPrograms(), 1);
    EXPECT_EQ (plugin->getProgramName (0), "Swarm preview");
}

TEST (PluginMetadata, TheVst3IsAGeneratorEffectThatUsesTheNetwork)
{
    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory home ("earshot-plugin-home");
    juce::VST3PluginFormat format;
    juce::OwnedArray<juce::PluginDescription> types;
    format.findAllTypesForFile (types, installBundle (Format::vst3, home.path()).string());
    ASSERT_EQ (types.size(), 1);
    // An insert effect whose output is generated (the preview it adds to what passes through), from
    // the network; not an instrument (no MIDI, no notes) nor an analyzer.
    EXPECT_EQ (types[0]->category, "Fx|Generator|Network");
    EXPECT_FALSE (types[0]->isInstrument);
    EXPECT_EQ (types[0]->version, projectVersion);
}
