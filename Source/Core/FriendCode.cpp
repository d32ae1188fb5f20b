#include "FriendCode.h"

#include "Error.h"
#include "IpAddress.h"
#include "QuoteInput.h"

#include <algorithm>
#include <optional>

namespace earshot
{
    namespace
    {
        constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        constexpr std::string_view prefix = "earshot:";

        /** Base32 characters per group; each group is followed by one check character. */
        constexpr std::size_t groupDataLength = 8;
        constexpr std::size_t groupLength = groupDataLength + 1;

        constexpr std::uint8_t currentVersion = 1;
        constexpr std::size_t publicKeySize = 32;
        constexpr std::size_t crcSize = 2;

        /** Every version starts with a version byte and a public key: anything shorter is a code
            with part of it missing. */
        constexpr std::size_t minimumDataCharacters = ((1 + publicKeySize + crcSize) * 8 + 4) / 5;
        constexpr std::size_t minimumCharacters = minimumDataCharacters + (minimumDataCharacters + groupDataLength - 1) / groupDataLength;
        /** Far beyond the longest version 1 code (a 253-character DNS name makes 525): the bound
            only keeps a pasted novel from being checked group by group. */
        constexpr std::size_t maximumCharacters = 1024;

        enum class AddressKind : std::uint8_t
        {
            ipv4 = 1,
            ipv6 = 2,
            dnsName = 3
        };

        constexpr std::size_t maximumDnsNameLength = 253;
        constexpr std::size_t maximumDnsLabelLength = 63;

        [[noreturn]] void fail (const std::string& message)
        {
            throw Error (ErrorCode::invalidArgument, message);
        }

        //==============================================================================
        /** The alphabet index of an upper-case base32 character, or -1. */
        int valueOf (char c) noexcept
        {
            if (c >= 'A' && c <= 'Z')
                return c - 'A';
            if (c >= '2' && c <= '7')
                return c - '2' + 26;
            return -1;
        }

        /** Luhn mod 32 over base32 values: the check value that makes the group's weighted sum,
            with the rightmost data character doubled, a multiple of 32. */
        char luhnCheckCharacter (std::string_view group) noexcept
        {
            constexpr int n = static_cast<int> (alphabet.size());
            int factor = 2;
            int sum = 0;

            for (auto it = group.rbegin(); it != group.rend(); ++it)
            {
                const int addend = factor * valueOf (*it);
                sum += addend / n + addend % n;
                factor = factor == 2 ? 1 : 2;
            }

            return alphabet[static_cast<std::size_t> ((n - sum % n) % n)];
        }

        std::string base32Encode (const std::vector<std::uint8_t>& bytes)
        {
            std::string text;
            text.reserve ((bytes.size() * 8 + 4) / 5);
            std::uint32_t buffer = 0;
            int bits = 0;

            for (const auto byte : bytes)
            {
                buffer = (buffer << 8) | byte;
                bits += 8;
                while (bits >= 5)
                {
                    bits -= 5;
                    text += alphabet[(buffer >> bits) & 31];
                }
            }

            if (bits > 0)
                text += alphabet[(buffer << (5 - bits)) & 31];
            return text;
        }

        /** Characters that come from whole bytes; 1, 3 and 6 characters past a multiple of 8
            leave bits that can hold no byte. */
        bool isBase32Length (std::size_t characters) noexcept
        {
            const auto rest = characters % 8;
            return rest != 1 && rest != 3 && rest != 6;
        }

        /** Decodes characters already checked to be in the alphabet, of a length that passed
            isBase32Length. Returns nothing when the unused low bits of the last character are not
            zero, which no encoder writes. */
        std::optional<std::vector<std::uint8_t>> base32Decode (std::string_view text)
        {
            std::vector<std::uint8_t> bytes;
            bytes.reserve (text.size() * 5 / 8);
            std::uint32_t buffer = 0;
            int bits = 0;

            for (const auto c : text)
            {
                buffer = (buffer << 5) | static_cast<std::uint32_t> (valueOf (c));
                bits += 5;
                if (bits >= 8)
                {
                    bits -= 8;
                    bytes.push_back (static_cast<std::uint8_t> (buffer >> bits));
                }
                buffer &= (1u << bits) - 1;
            }

            if (buffer != 0)
                return std::nullopt;
            return bytes;
        }

        //==============================================================================
        /** How a character the alphabet does not hold reads in a message: quoted when it can be
            shown, as a code point or byte value when it cannot. */
        std::string describeCharacter (std::string_view sequence)
        {
            const auto first = static_cast<unsigned char> (sequence.front());
            if (sequence.size() == 1 && first >= 0x20 && first < 0x7f)
                return "'" + std::string (sequence) + "'";

            if (sequence.size() == 1 && first < 0x80)
            {
                constexpr std::string_view hex = "0123456789ABCDEF";
                return std::string ("the control character 0x") + hex[first >> 4] + hex[first & 15];
            }
            return "'" + std::string (sequence) + "'";
        }

        /** The length of the UTF-8 sequence a lead byte starts (1 for stray bytes), so positions
            in messages count characters the way the person sees them. */
        std::size_t utf8SequenceLength (unsigned char lead) noexcept
        {
            if (lead >= 0xf0 && lead < 0xf8)
                return 4;
            if (lead >= 0xe0)
                return lead < 0xf0 ? 3 : 1;
            if (lead >= 0xc0)
                return 2;
            return 1;
        }

        [[noreturn]] void failNotInAlphabet (std::string_view character, std::size_t position)
        {
            fail (describeCharacter (character) + " at character " + std::to_string (position) + " is not in a friend code, which uses only the letters A to Z and the digits 2 to 7");
        }

        bool isIgnored (char c) noexcept
        {
            return c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        /** The text's code characters, upper case and with the look-alikes read as the letters they
            resemble; everything that is not part of the code gone. */
        std::string codeCharactersOf (std::string_view text)
        {
            std::size_t index = 0;
            std::size_t position = 0; // counted in characters, from 1, for messages

            while (index < text.size() && isIgnored (text[index]))
            {
                ++index;
                ++position;
            }

            const auto rest = text.substr (index);
            if (rest.size() >= prefix.size()
                && std::equal (prefix.begin(), prefix.end(), rest.begin(), [] (char a, char b)
                               { return a == (b >= 'A' && b <= 'Z' ? static_cast<char> (b - 'A' + 'a') : b); }))
            {
                index += prefix.size();
                position += prefix.size();
            }

            std::string characters;
            characters.reserve (text.size());

            while (index < text.size())
            {
                const auto length = std::min (utf8SequenceLength (static_cast<unsigned char> (text[index])), text.size() - index);
                ++position;

                if (length == 1)
                {
                    auto c = text[index];
                    if (c >= 'a' && c <= 'z')
                        c = static_cast<char> (c - 'a' + 'A');
                    if (c == '0')
                        c = 'O';
                    else if (c == '1')
                        c = 'I';
                    else if (c == '8')
                        c = 'B';

                    if (valueOf (c) >= 0)
                        characters += c;
                    else if (! isIgnored (c))
                        failNotInAlphabet (text.substr (index, 1), position);
                }
                else
                {
                    failNotInAlphabet (text.substr (index, length), position);
                }

                index += length;
            }

            return characters;
        }

        std::string groupCountText (std::size_t groups)
        {
            return std::to_string (groups) + (groups == 1 ? " group" : " groups");
        }

        /** Why a lower-case name is not a DNS name a daemon can be reached at, or nothing when it is. */
        std::optional<std::string> dnsNameProblem (std::string_view name)
        {
            if (name.empty())
                return "it is empty";
            if (name.size() > maximumDnsNameLength)
                return "it is " + std::to_string (name.size()) + " characters long and a DNS name has at most " + std::to_string (maximumDnsNameLength);

            std::size_t index = 0;
            std::string_view lastLabel;
            while (index <= name.size())
            {
                const auto end = std::min (name.find ('.', index), name.size());
                const auto label = name.substr (index, end - index);

                if (label.empty())
                    return end == name.size() ? std::string ("it ends in a dot") : std::string ("it has an empty label");
                if (label.size() > maximumDnsLabelLength)
                    return "its label " + quoteInput (label) + " is longer than " + std::to_string (maximumDnsLabelLength) + " characters";
                if (label.front() == '-' || label.back() == '-')
                    return "its label " + quoteInput (label) + " starts or ends with '-'";
                for (const auto c : label)
                    if (! ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                        return "its label " + quoteInput (label) + " holds " + describeCharacter (std::string_view (&c, 1)) + "; a DNS name has only letters, digits, '-' and dots";

                lastLabel = label;
                index = end + 1;
            }

            // "192.168.1.256" is a mistyped address, not a name: no top-level domain is all digits.
            if (std::all_of (lastLabel.begin(), lastLabel.end(), [] (char c)
                             { return c >= '0' && c <= '9'; }))
                return "it looks like an IPv4 address but is not one (each of the four numbers is 0 to 255, without leading zeros)";
            return std::nullopt;
        }

        std::string lowerCase (std::string_view text)
        {
            std::string lower (text);
            for (auto& c : lower)
                if (c >= 'A' && c <= 'Z')
                    c = static_cast<char> (c - 'A' + 'a');
            return lower;
        }

        [[noreturn]] void failBadAddress (const std::string& why)
        {
            fail ("the friend code holds a bad address: " + why + "; ask your friend for their code again");
        }
    } // namespace

    //==============================================================================
    namespace friendCodeText
    {
        std::uint16_t crc16 (const std::vector<std::uint8_t>& bytes) noexcept
        {
            std::uint16_t crc = 0xffff;
            for (const auto byte : bytes)
            {
                crc = static_cast<std::uint16_t> (crc ^ (byte << 8));
                for (int bit = 0; bit < 8; ++bit)
                    crc = static_cast<std::uint16_t> ((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1);
            }
            return crc;
        }

        std::string encode (const std::vector<std::uint8_t>& payload)
        {
            auto data = payload;
            const auto crc = crc16 (payload);
            data.push_back (static_cast<std::uint8_t> (crc >> 8));
            data.push_back (static_cast<std::uint8_t> (crc & 0xff));

            const auto characters = base32Encode (data);
            std::string text (prefix);
            for (std::size_t start = 0; start < characters.size(); start += groupDataLength)
            {
                const auto group = std::string_view (characters).substr (start, groupDataLength);
                if (start > 0)
                    text += '-';
                text += group;
                text += luhnCheckCharacter (group);
            }
            return text;
        }

        std::vector<std::uint8_t> decode (std::string_view text)
        {
            const auto characters = codeCharactersOf (text);
            const auto count = characters.size();

            if (count == 0)
                fail ("the friend code is empty; paste the whole code, which starts with \"earshot:\"");
            if (count < minimumCharacters)
                fail ("the friend code is too short: it has " + std::to_string (count) + " characters and a friend code has at least " + std::to_string (minimumCharacters) + " (not counting the dashes); part of it is missing, copy the whole code again");
            if (count > maximumCharacters)
                fail ("the text is too long to be a friend code: " + std::to_string (count) + " characters where a friend code has at most " + std::to_string (maximumCharacters));

            // Check every group, and speak of the first that fails: a typo is there, and a missing
            // or extra character there makes every later group fail too.
            const auto groupCount = (count + groupLength - 1) / groupLength;
            std::size_t firstBadGroup = 0;
            std::size_t badGroups = 0;
            std::string data;
            data.reserve (count);

            for (std::size_t group = 0; group < groupCount; ++group)
            {
                const auto chunk = std::string_view (characters).substr (group * groupLength, groupLength);
                if (chunk.size() < 2)
                    break; // a lone check character: the length check below names it

                const auto groupData = chunk.substr (0, chunk.size() - 1);
                data += groupData;
                if (luhnCheckCharacter (groupData) != chunk.back())
                {
                    if (badGroups++ == 0)
                        firstBadGroup = group + 1;
                }
            }

            const auto groupsText = " of " + std::to_string (groupCount);
            if (badGroups == 1)
                fail ("group " + std::to_string (firstBadGroup) + groupsText + " has a typo (its last character does not match the others); compare it with the code you were given");
            if (badGroups > 1)
                fail ("group " + std::to_string (firstBadGroup) + groupsText + " has a typo, and " + groupCountText (badGroups - 1) + " after it do not match either: is a character missing or added in group " + std::to_string (firstBadGroup) + "?");

            if (count % groupLength == 1 || ! isBase32Length (data.size()))
                fail ("a friend code cannot be " + std::to_string (count) + " characters long (not counting the dashes): a character is missing or added; copy the whole code again");

            auto bytes = base32Decode (data);
            if (! bytes)
                fail ("group " + std::to_string (groupCount) + groupsText + " has a typo (its last letter cannot end a friend code); compare it with the code you were given");

            const auto storedCrc = static_cast<std::uint16_t> ((bytes->at (bytes->size() - 2) << 8) | bytes->back());
            bytes->resize (bytes->size() - crcSize);
            if (crc16 (*bytes) != storedCrc)
                fail ("the friend code does not check out as a whole: two neighbouring characters may be swapped, or a group is missing or repeated; copy the whole code again");

            return std::move (*bytes);
        }
    } // namespace friendCodeText

    //==============================================================================
    std::string formatFriendCode (const FriendCode& code)
    {
        if (code.port == 0)
            fail ("a friend code needs the port of the Friends API, and 0 is not a port one can connect to");

        std::vector<std::uint8_t> payload;
        payload.push_back (currentVersion);
        payload.insert (payload.end(), code.publicKey.begin(), code.publicKey.end());
        payload.push_back (static_cast<std::uint8_t> (code.port >> 8));
        payload.push_back (static_cast<std::uint8_t> (code.port & 0xff));

        if (const auto ipv4 = parseIPv4 (code.host))
        {
            payload.push_back (static_cast<std::uint8_t> (AddressKind::ipv4));
            payload.insert (payload.end(), ipv4->begin(), ipv4->end());
        }
        else if (code.host.find (':') != std::string::npos)
        {
            const auto ipv6 = parseIPv6 (code.host);
            if (! ipv6)
                fail (quoteInput (code.host) + " is not an IPv6 address" + (code.host.find_first_of ("[]%") != std::string::npos ? " (write it without brackets or a zone, like 2001:db8::7)" : ""));
            payload.push_back (static_cast<std::uint8_t> (AddressKind::ipv6));
            payload.insert (payload.end(), ipv6->begin(), ipv6->end());
        }
        else
        {
            const auto name = lowerCase (code.host);
            if (const auto problem = dnsNameProblem (name))
                fail (quoteInput (code.host) + " is neither an IP address nor a DNS name: " + *problem);
            payload.push_back (static_cast<std::uint8_t> (AddressKind::dnsName));
            payload.insert (payload.end(), name.begin(), name.end());
        }

        return friendCodeText::encode (payload);
    }

    FriendCode parseFriendCode (std::string_view text)
    {
        const auto payload = friendCodeText::decode (text);

        if (payload.front() != currentVersion)
            fail ("this friend code is version " + std::to_string (payload.front()) + ", and this earshot reads version " + std::to_string (currentVersion) + " only; update earshot to add this friend");

        constexpr std::size_t addressOffset = 1 + publicKeySize + 2 + 1;
        if (payload.size() <= addressOffset)
            failBadAddress ("it has none");

        FriendCode code;
        std::copy_n (payload.begin() + 1, publicKeySize, code.publicKey.begin());
        code.port = static_cast<std::uint16_t> ((payload[1 + publicKeySize] << 8) | payload[2 + publicKeySize]);
        if (code.port == 0)
            failBadAddress ("its port is 0");

        const auto kind = payload[addressOffset - 1];
        const auto address = payload.data() + addressOffset;
        const auto addressSize = payload.size() - addressOffset;

        switch (static_cast<AddressKind> (kind))
        {
            case AddressKind::ipv4:
                if (addressSize != 4)
                    failBadAddress ("an IPv4 address of " + std::to_string (addressSize) + " bytes");
                code.host = formatIPv4 (address);
                break;

            case AddressKind::ipv6:
                if (addressSize != 16)
                    failBadAddress ("an IPv6 address of " + std::to_string (addressSize) + " bytes");
                code.host = formatIPv6 (address);
                break;

            case AddressKind::dnsName:
            {
                const auto name = lowerCase (std::string_view (reinterpret_cast<const char*> (address), addressSize));
                if (const auto problem = dnsNameProblem (name))
                    failBadAddress ("a DNS name that is not valid (" + *problem + ")");
                code.host = name;
                break;
            }

            default:
                failBadAddress ("an address of unknown kind " + std::to_string (kind));
        }

        return code;
    }
} // namespace earshot
