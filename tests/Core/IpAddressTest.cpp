#include "Core/IpAddress.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        /** The RFC 5952 text of an IPv6 literal, or "(none)" when it does not parse. */
        std::string canonicalIPv6 (std::string_view text)
        {
            const auto bytes = parseIPv6 (text);
            return bytes ? formatIPv6 (bytes->data()) : "(none)";
        }
    } // namespace

    TEST (IpAddressTest, IPv4IsFourNumbersUpTo255WithoutLeadingZeros)
    {
        const auto address = parseIPv4 ("203.0.113.7");
        ASSERT_TRUE (address.has_value());
        EXPECT_EQ (*address, (std::array<std::uint8_t, 4> { 203, 0, 113, 7 }));
        EXPECT_EQ (formatIPv4 (address->data()), "203.0.113.7");
        EXPECT_TRUE (parseIPv4 ("255.255.255.255").has_value());

        for (const auto* bad : { "256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1.2.3.", "1..3.4", "a.b.c.d", "1.2.3.4 ", "" })
            EXPECT_FALSE (parseIPv4 (bad).has_value()) << bad;
    }

    TEST (IpAddressTest, IPv6ComesOutInItsOneCanonicalForm)
    {
        EXPECT_EQ (canonicalIPv6 ("2001:DB8:0:0:0:0:0:7"), "2001:db8::7");
        EXPECT_EQ (canonicalIPv6 ("2001:db8::7"), "2001:db8::7");
        EXPECT_EQ (canonicalIPv6 ("::"), "::");
        EXPECT_EQ (canonicalIPv6 ("::1"), "::1");
        // The longest run of zero groups is the one shortened; of equal runs, the first.
        EXPECT_EQ (canonicalIPv6 ("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
        EXPECT_EQ (canonicalIPv6 ("1:0:0:2:3:0:0:4"), "1::2:3:0:0:4");
        // A single zero group is not shortened.
        EXPECT_EQ (canonicalIPv6 ("1:0:2:3:4:5:6:7"), "1:0:2:3:4:5:6:7");
        // An IPv4-mapped address keeps its dotted quad.
        EXPECT_EQ (canonicalIPv6 ("::FFFF:192.0.2.1"), "::ffff:192.0.2.1");
    }

    TEST (IpAddressTest, MalformedIPv6IsRefused)
    {
        for (const auto* bad : { "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "g::1", "fe80::1%eth0", "[::1]", "::1.2.3", "" })
            EXPECT_EQ (canonicalIPv6 (bad), "(none)") << bad;
    }

    TEST (IpAddressTest, AHubCapsReportersByTheNetworkAPeerCallsFrom)
    {
        // One home or one hosting customer: every address of an IPv4 /24 or an IPv6 /48 is one network.
        EXPECT_EQ (networkOfPeer ("ipv4:203.0.113.7:40000"), "203.0.113.0/24");
        EXPECT_EQ (networkOfPeer ("ipv4:203.0.113.250:1"), "203.0.113.0/24");
        EXPECT_NE (networkOfPeer ("ipv4:203.0.114.7:40000"), networkOfPeer ("ipv4:203.0.113.7:40000"));
        EXPECT_EQ (networkOfPeer ("ipv4:127.0.0.1:5000"), "127.0.0.0/24");
        EXPECT_EQ (networkOfPeer ("ipv6:[2001:db8:1:2::7]:5000"), "2001:db8:1::/48");
        EXPECT_EQ (networkOfPeer ("ipv6:[2001:db8:1:ffff::1]:5000"), networkOfPeer ("ipv6:[2001:db8:1:2::7]:5000"));
        EXPECT_NE (networkOfPeer ("ipv6:[2001:db8:2::1]:5000"), networkOfPeer ("ipv6:[2001:db8:1::1]:5000"));
        // An IPv4 client reaching a dual-stack hub arrives IPv4-mapped: still its /24.
        EXPECT_EQ (networkOfPeer ("ipv6:[::ffff:203.0.113.9]:5000"), "203.0.113.0/24");
        // What cannot be read is one network, never a free pass.
        EXPECT_EQ (networkOfPeer ("unix:/run/hub.sock"), "unknown");
        EXPECT_EQ (networkOfPeer ("ipv4:300.1.1.1:5"), "unknown");
        EXPECT_EQ (networkOfPeer ("ipv6:[::1"), "unknown");
        EXPECT_EQ (networkOfPeer (""), "unknown");
    }
} // namespace earshot
