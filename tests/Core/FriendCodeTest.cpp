#include "Core/FriendCode.h"
#include "Core/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace earshot
{
    namespace
    {
        using ::testing::HasSubstr;

        constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        FriendCode friendAt (std::string host, std::uint16_t port, std::uint8_t keySeed = 7)
        {
            FriendCode code;
            for (std::size_t i = 0; i < code.publicKey.size(); ++i)
                code.publicKey[i] = static_cast<std::uint8_t> (keySeed + i * 37);
            code.host = std::move (host);
            code.port = port;
            return code;
        }

        /** The three kinds of address a code can hold, with different keys and ports. */
        std::vector<FriendCode> sampleFriends()
        {
            return { friendAt ("203.0.113.7", 47013, 7),
                     friendAt ("2001:db8:85a3::8a2e:370:7334", 443, 91),
                     friendAt ("ana.music.example.org", 8443, 200) };
        }

        /** The message of the Error parseFriendCode throws, or nothing when it accepts the text. */
        std::optional<std::string> parseError (std::string_view text)
        {
            try
            {
                (void) parseFriendCode (text);
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::invalidArgument) << error.what();
                return error.what();
            }
            return std::nullopt;
        }

        std::string formatError (const FriendCode& code)
        {
            try
            {
                (void) formatFriendCode (code);
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::invalidArgument) << error.what();
                return error.what();
            }
            return "(formatted without an error)";
        }

        /** What a character reads as in a code: upper case, look-alikes as their letters. */
        char normalised (char c)
        {
            if (c >= 'a' && c <= 'z')
                c = static_cast<char> (c - 'a' + 'A');
            return c == '0' ? 'O' : c == '1' ? 'I'
                                : c == '8'   ? 'B'
                                             : c;
        }

        bool isSeparator (char c) { return c == '-' || c == ' '; }

        /** The payload of a version 1 code, for building codes formatFriendCode would not make. */
        std::vector<std::uint8_t> payloadOf (std::uint8_t version, std::uint16_t port, std::uint8_t addressKind, std::vector<std::uint8_t> address)
        {
            std::vector<std::uint8_t> payload { version };
            for (int i = 0; i < 32; ++i)
                payload.push_back (static_cast<std::uint8_t> (i));
            payload.push_back (static_cast<std::uint8_t> (port >> 8));
            payload.push_back (static_cast<std::uint8_t> (port & 0xff));
            payload.push_back (addressKind);
            payload.insert (payload.end(), address.begin(), address.end());
            return payload;
        }
    } // namespace

    TEST (FriendCode, IPv4RoundTrip)
    {
        const auto code = friendAt ("203.0.113.7", 47013);
        const auto text = formatFriendCode (code);

        EXPECT_EQ (text.rfind ("earshot:", 0), 0u) << text;
        EXPECT_EQ (std::count (text.begin(), text.end(), '-'), 8) << "an IPv4 code is 9 groups: " << text;
        EXPECT_EQ (parseFriendCode (text), code);
    }

    TEST (FriendCode, IPv6RoundTripInRfc5952Form)
    {
        for (const auto* host : { "2001:db8:85a3::8a2e:370:7334", "::1", "::", "fe80::", "2001:db8::1:0:0:1", "::ffff:192.0.2.128" })
        {
            const auto code = friendAt (host, 443);
            EXPECT_EQ (parseFriendCode (formatFriendCode (code)), code) << host;
        }

        // Any spelling of an address reads back in the one canonical form.
        EXPECT_EQ (parseFriendCode (formatFriendCode (friendAt ("2001:0DB8:0000:0000:0000:0000:0000:0007", 443))).host, "2001:db8::7");
        EXPECT_EQ (parseFriendCode (formatFriendCode (friendAt ("2001:db8:0:0:1:0:0:1", 443))).host, "2001:db8::1:0:0:1");
        EXPECT_EQ (parseFriendCode (formatFriendCode (friendAt ("::ffff:c000:280", 443))).host, "::ffff:192.0.2.128");
        EXPECT_EQ (parseFriendCode (formatFriendCode (friendAt ("1:2:3:4:5:6:1.2.3.4", 443))).host, "1:2:3:4:5:6:102:304");
    }

    TEST (FriendCode, DnsNameRoundTrip)
    {
        const auto code = friendAt ("ana.music.example.org", 8443);
        EXPECT_EQ (parseFriendCode (formatFriendCode (code)), code);

        const auto singleLabel = friendAt ("jukebox", 8443);
        EXPECT_EQ (parseFriendCode (formatFriendCode (singleLabel)), singleLabel);

        // DNS names are case-insensitive; a code holds them in lower case.
        EXPECT_EQ (parseFriendCode (formatFriendCode (friendAt ("Ana.Music.EXAMPLE.org", 8443))).host, "ana.music.example.org");
    }

    TEST (FriendCode, LongestDnsNameRoundTrip)
    {
        // 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters.
        const auto name = std::string (63, 'a') + "." + std::string (63, 'b') + "." + std::string (63, 'c') + "." + std::string (61, 'd');
        ASSERT_EQ (name.size(), 253u);
        const auto code = friendAt (name, 1);
        EXPECT_EQ (parseFriendCode (formatFriendCode (code)), code);

        EXPECT_THAT (formatError (friendAt (name + "e", 1)), HasSubstr ("at most 253"));
    }

    TEST (FriendCode, EveryPortAndKeyByteSurvives)
    {
        for (const std::uint16_t port : { 1, 255, 256, 65535 })
        {
            auto code = friendAt ("198.51.100.1", port);
            code.publicKey.fill (0xff);
            EXPECT_EQ (parseFriendCode (formatFriendCode (code)), code) << port;
            code.publicKey.fill (0);
            EXPECT_EQ (parseFriendCode (formatFriendCode (code)), code) << port;
        }
    }

    TEST (FriendCode, DifferentFriendsHaveDifferentCodes)
    {
        const auto a = friendAt ("203.0.113.7", 47013, 1);
        auto b = a;
        b.publicKey[31] ^= 1;
        auto c = a;
        c.port = 47014;
        auto d = a;
        d.host = "203.0.113.8";

        EXPECT_NE (formatFriendCode (a), formatFriendCode (b));
        EXPECT_NE (formatFriendCode (a), formatFriendCode (c));
        EXPECT_NE (formatFriendCode (a), formatFriendCode (d));
    }

    TEST (FriendCode, EverySingleCharacterChangeIsCaughtOrReadsAsTheSameCode)
    {
        std::string replacements (alphabet);
        replacements += "abcdefghijklmnopqrstuvwxyz0189-: ";

        for (const auto& code : sampleFriends())
        {
            const auto text = formatFriendCode (code);
            const auto groupCount = std::count (text.begin(), text.end(), '-') + 1;

            for (std::size_t position = 0; position < text.size(); ++position)
            {
                const auto original = text[position];
                for (const auto replacement : replacements)
                {
                    if (replacement == original)
                        continue;

                    auto changed = text;
                    changed[position] = replacement;
                    const auto error = parseError (changed);

                    const bool sameCharacter = position >= 8 && original != '-' && normalised (replacement) == original;
                    const bool sameSeparator = isSeparator (original) && isSeparator (replacement);
                    const bool samePrefixLetter = position < 8 && std::tolower (replacement) == original;
                    if (sameCharacter || sameSeparator || samePrefixLetter)
                    {
                        EXPECT_FALSE (error.has_value()) << changed << ": " << error.value_or ("");
                        if (! error)
                        {
                            EXPECT_EQ (parseFriendCode (changed), code) << changed;
                        }
                        continue;
                    }

                    ASSERT_TRUE (error.has_value()) << "'" << original << "' at " << position << " changed to '" << replacement << "' was not caught: " << changed;

                    // A letter swapped for another letter: the check characters say which group.
                    const bool codeCharacter = position >= 8 && original != '-';
                    if (codeCharacter && alphabet.find (normalised (replacement)) != std::string_view::npos)
                    {
                        const auto group = std::count (text.begin() + 8, text.begin() + static_cast<std::ptrdiff_t> (position), '-') + 1;
                        EXPECT_THAT (*error, HasSubstr ("group " + std::to_string (group) + " of " + std::to_string (groupCount) + " has a typo")) << changed;
                    }
                }
            }
        }
    }

    TEST (FriendCode, EverySwapOfNeighbouringCharactersIsCaught)
    {
        // Many codes, so that some hold the swaps Luhn mod 32 misses on its own (A next to 7, a
        // character swapped with its group's check character) and the CRC has to catch them.
        auto friends = sampleFriends();
        for (int seed = 0; seed < 256; seed += 4)
            for (const auto& sample : sampleFriends())
                friends.push_back (friendAt (sample.host, sample.port, static_cast<std::uint8_t> (seed)));

        for (const auto& code : friends)
        {
            const auto text = formatFriendCode (code);
            for (std::size_t position = 0; position + 1 < text.size(); ++position)
            {
                if (text[position] == text[position + 1])
                    continue;

                auto swapped = text;
                std::swap (swapped[position], swapped[position + 1]);
                const auto error = parseError (swapped);

                // Moving a dash moves nothing: dashes are only there for reading.
                if (text[position] == '-' || text[position + 1] == '-')
                    EXPECT_FALSE (error.has_value()) << swapped << ": " << error.value_or ("");
                else
                    EXPECT_TRUE (error.has_value()) << "swap at " << position << " was not caught: " << swapped;
            }
        }
    }

    TEST (FriendCode, SwapsThatEveryGroupCheckMissesAreCaughtAsAWhole)
    {
        // Two whole groups swapped: each group checks out on its own, only the CRC over the
        // payload sees it.
        const auto text = formatFriendCode (friendAt ("203.0.113.7", 47013));
        const auto body = text.substr (8);
        const auto swapped = "earshot:" + body.substr (10, 9) + "-" + body.substr (0, 9) + body.substr (19);
        ASSERT_EQ (swapped.size(), text.size());
        ASSERT_NE (swapped, text);

        EXPECT_THAT (parseError (swapped).value_or (""), HasSubstr ("does not check out as a whole"));
    }

    TEST (FriendCode, MissingOrRepeatedGroupsAreCaught)
    {
        for (const auto& code : sampleFriends())
        {
            const auto text = formatFriendCode (code);
            std::vector<std::string> groups;
            for (std::size_t start = 8; start < text.size();)
            {
                const auto end = std::min (text.find ('-', start), text.size());
                groups.push_back (text.substr (start, end - start));
                start = end + 1;
            }

            for (std::size_t skipped = 0; skipped < groups.size(); ++skipped)
            {
                std::string withoutOne = "earshot:";
                std::string withOneTwice = "earshot:";
                for (std::size_t i = 0; i < groups.size(); ++i)
                {
                    if (i != skipped)
                        withoutOne += groups[i] + "-";
                    withOneTwice += groups[i] + "-" + (i == skipped ? groups[i] + "-" : "");
                }
                EXPECT_TRUE (parseError (withoutOne).has_value()) << "group " << skipped + 1 << " left out: " << withoutOne;
                EXPECT_TRUE (parseError (withOneTwice).has_value()) << "group " << skipped + 1 << " twice: " << withOneTwice;
            }
        }
    }

    TEST (FriendCode, EveryTruncationIsCaught)
    {
        for (const auto& code : sampleFriends())
        {
            const auto text = formatFriendCode (code);
            for (std::size_t length = 0; length < text.size(); ++length)
            {
                // A trailing dash is the same code as without it.
                if (length > 0 && text[length - 1] == '-')
                    continue;
                EXPECT_TRUE (parseError (text.substr (0, length)).has_value()) << text.substr (0, length);
            }
        }

        const auto text = formatFriendCode (friendAt ("203.0.113.7", 47013));
        EXPECT_THAT (parseError (text.substr (0, 40)).value_or (""), HasSubstr ("too short"));
        EXPECT_THAT (parseError ("").value_or (""), HasSubstr ("empty"));
        EXPECT_THAT (parseError ("earshot:").value_or (""), HasSubstr ("empty"));
    }

    TEST (FriendCode, GarbageIsRejected)
    {
        EXPECT_THAT (parseError ("hello").value_or (""), HasSubstr ("too short"));
        EXPECT_THAT (parseError ("Ana").value_or (""), HasSubstr ("too short"));
        // Every group of A's checks out (its check character is A too): only the length and the
        // CRC can tell this is not a code.
        EXPECT_THAT (parseError (std::string (70, 'A')).value_or (""), HasSubstr ("cannot be 70 characters long"));
        EXPECT_THAT (parseError (std::string (72, 'A')).value_or (""), HasSubstr ("does not check out as a whole"));
        EXPECT_THAT (parseError (std::string (5000, 'A')).value_or (""), HasSubstr ("too long"));
        EXPECT_THAT (parseError ("https://example.org/friend").value_or (""), HasSubstr ("':' at character 6"));
        EXPECT_THAT (parseError ("earshot:\x01").value_or (""), HasSubstr ("control character 0x01 at character 9"));
        EXPECT_THAT (parseError ("earshot:AB\xE2\x80\x94"
                                 "CD")
                         .value_or (""),
                     HasSubstr ("'\xE2\x80\x94' at character 11"));
    }

    TEST (FriendCode, ReadsCodesAsPeopleTypeThem)
    {
        const auto code = friendAt ("2001:db8:85a3::8a2e:370:7334", 443, 91);
        const auto text = formatFriendCode (code);
        const auto body = text.substr (8);

        auto lower = text;
        std::transform (lower.begin(), lower.end(), lower.begin(), [] (char c)
                        { return static_cast<char> (std::tolower (c)); });
        EXPECT_EQ (parseFriendCode (lower), code);
        EXPECT_EQ (parseFriendCode ("EARSHOT:" + body), code);
        EXPECT_EQ (parseFriendCode (body), code) << "the prefix is optional";

        auto noDashes = body;
        noDashes.erase (std::remove (noDashes.begin(), noDashes.end(), '-'), noDashes.end());
        EXPECT_EQ (parseFriendCode (noDashes), code);

        auto spaces = text;
        std::replace (spaces.begin(), spaces.end(), '-', ' ');
        EXPECT_EQ (parseFriendCode ("  " + spaces + " \n"), code);

        auto wrapped = text;
        wrapped.insert (40, "\r\n");
        wrapped.insert (20, "--");
        EXPECT_EQ (parseFriendCode (wrapped), code);
    }

    TEST (FriendCode, LookAlikesReadAsTheLettersTheyResemble)
    {
        // 0 for O, 1 for I, 8 for B, as Syncthing reads its device IDs.
        const std::vector<std::pair<char, char>> lookAlikes { { 'O', '0' }, { 'I', '1' }, { 'B', '8' } };
        int replaced = 0;

        for (const auto& code : sampleFriends())
        {
            const auto text = formatFriendCode (code);
            auto typed = text;
            for (std::size_t i = 8; i < typed.size(); ++i)
                for (const auto& [letter, lookAlike] : lookAlikes)
                    if (typed[i] == letter)
                    {
                        typed[i] = lookAlike;
                        ++replaced;
                    }
            EXPECT_EQ (parseFriendCode (typed), code) << typed;
        }

        EXPECT_GT (replaced, 3) << "the sample codes hold too few O, I and B to test this";
        EXPECT_THAT (parseError ("earshot:AAAA9").value_or (""), HasSubstr ("'9' at character 13"));
    }

    TEST (FriendCode, ErrorsNameTheProblem)
    {
        const auto text = formatFriendCode (friendAt ("203.0.113.7", 47013));

        // A typo in the third group (after the prefix: 9 characters and a dash per group).
        auto typo = text;
        typo[8 + 20] = typo[8 + 20] == 'Q' ? 'R' : 'Q';
        EXPECT_THAT (parseError (typo).value_or (""), HasSubstr ("group 3 of 9 has a typo"));

        // A character missing in the second group shifts every later group.
        auto missing = text;
        missing.erase (8 + 12, 1);
        EXPECT_THAT (parseError (missing).value_or (""), HasSubstr ("group 2 of 9 has a typo"));
        EXPECT_THAT (parseError (missing).value_or (""), HasSubstr ("missing or added in group 2"));

        // A lone character after whole groups: no group is wrong, the length is.
        EXPECT_THAT (parseError (text.substr (0, 8 + 8 * 10) + "A").value_or (""), HasSubstr ("cannot be 73 characters long"));

        auto notInAlphabet = text;
        notInAlphabet[8 + 4] = '9';
        EXPECT_THAT (parseError (notInAlphabet).value_or (""), HasSubstr ("'9' at character 13 is not in a friend code"));
    }

    TEST (FriendCode, UnknownVersionIsNamed)
    {
        const auto future = friendCodeText::encode (payloadOf (2, 443, 1, { 10, 0, 0, 1 }));
        EXPECT_THAT (parseError (future).value_or (""), HasSubstr ("version 2"));
        EXPECT_THAT (parseError (future).value_or (""), HasSubstr ("update earshot"));

        const auto zero = friendCodeText::encode (payloadOf (0, 443, 1, { 10, 0, 0, 1 }));
        EXPECT_THAT (parseError (zero).value_or (""), HasSubstr ("version 0"));

        // The layer below accepts it: the version is the payload's business.
        EXPECT_EQ (friendCodeText::decode (future), payloadOf (2, 443, 1, { 10, 0, 0, 1 }));
    }

    TEST (FriendCode, BadAddressesInACodeAreNamed)
    {
        const auto errorFor = [] (std::vector<std::uint8_t> payload)
        { return parseError (friendCodeText::encode (payload)).value_or (""); };

        EXPECT_EQ (errorFor (payloadOf (1, 443, 1, { 10, 0, 0, 1 })), "");
        EXPECT_THAT (errorFor (payloadOf (1, 443, 1, { 10, 0, 1 })), HasSubstr ("bad address: an IPv4 address of 3 bytes"));
        EXPECT_THAT (errorFor (payloadOf (1, 443, 2, { 10, 0, 0, 1 })), HasSubstr ("bad address: an IPv6 address of 4 bytes"));
        EXPECT_THAT (errorFor (payloadOf (1, 443, 9, { 10, 0, 0, 1 })), HasSubstr ("bad address: an address of unknown kind 9"));
        EXPECT_THAT (errorFor (payloadOf (1, 0, 1, { 10, 0, 0, 1 })), HasSubstr ("bad address: its port is 0"));
        EXPECT_THAT (errorFor (payloadOf (1, 443, 3, { 'a', '_', 'b' })), HasSubstr ("bad address: a DNS name that is not valid"));
        EXPECT_THAT (errorFor (payloadOf (1, 443, 3, {})), HasSubstr ("bad address: it has none"));
    }

    TEST (FriendCode, FormattingRejectsWhatNoFriendCouldReach)
    {
        EXPECT_THAT (formatError (friendAt ("203.0.113.7", 0)), HasSubstr ("0 is not a port"));
        EXPECT_THAT (formatError (friendAt ("", 443)), HasSubstr ("it is empty"));
        EXPECT_THAT (formatError (friendAt ("192.168.1.256", 443)), HasSubstr ("'192.168.1.256' is neither an IP address nor a DNS name: it looks like an IPv4 address"));
        EXPECT_THAT (formatError (friendAt ("010.0.0.1", 443)), HasSubstr ("looks like an IPv4 address"));
        EXPECT_THAT (formatError (friendAt ("[2001:db8::1]", 443)), HasSubstr ("without brackets"));
        EXPECT_THAT (formatError (friendAt ("fe80::1%eth0", 443)), HasSubstr ("'fe80::1%eth0' is not an IPv6 address"));
        EXPECT_THAT (formatError (friendAt ("1::2::3", 443)), HasSubstr ("not an IPv6 address"));
        EXPECT_THAT (formatError (friendAt ("1:2:3:4:5:6:7:8:9", 443)), HasSubstr ("not an IPv6 address"));
        EXPECT_THAT (formatError (friendAt ("1:2:3:4:5:6:7::8", 443)), HasSubstr ("not an IPv6 address"));
        EXPECT_THAT (formatError (friendAt ("music.example.org.", 443)), HasSubstr ("ends in a dot"));
        EXPECT_THAT (formatError (friendAt ("a..b", 443)), HasSubstr ("empty label"));
        EXPECT_THAT (formatError (friendAt ("-music.example.org", 443)), HasSubstr ("starts or ends with '-'"));
        EXPECT_THAT (formatError (friendAt ("my_music.example.org", 443)), HasSubstr ("holds '_'"));
        EXPECT_THAT (formatError (friendAt (std::string (64, 'a') + ".org", 443)), HasSubstr ("longer than 63"));
    }

    TEST (FriendCode, Crc16IsCcittFalse)
    {
        const std::string check = "123456789";
        EXPECT_EQ (friendCodeText::crc16 (std::vector<std::uint8_t> (check.begin(), check.end())), 0x29B1);
    }
} // namespace earshot
