#include "IpAddress.h"

#include "Hex.h"

#include <algorithm>
#include <vector>

namespace earshot
{
    std::optional<std::array<std::uint8_t, 4>> parseIPv4 (std::string_view text)
    {
        std::array<std::uint8_t, 4> address {};
        std::size_t part = 0;
        std::size_t index = 0;

        while (part < address.size())
        {
            const auto end = std::min (text.find ('.', index), text.size());
            const auto digits = text.substr (index, end - index);
            if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits.front() == '0'))
                return std::nullopt;

            int value = 0;
            for (const auto c : digits)
            {
                if (c < '0' || c > '9')
                    return std::nullopt;
                value = value * 10 + (c - '0');
            }
            if (value > 255)
                return std::nullopt;

            address[part++] = static_cast<std::uint8_t> (value);
            if (part < address.size() && end == text.size())
                return std::nullopt;
            index = end + 1;
        }

        if (index != text.size() + 1)
            return std::nullopt;
        return address;
    }

    std::string formatIPv4 (const std::uint8_t* bytes)
    {
        return std::to_string (bytes[0]) + "." + std::to_string (bytes[1]) + "." + std::to_string (bytes[2]) + "." + std::to_string (bytes[3]);
    }

    namespace
    {
        /** The 16-bit groups of one side of "::", or nothing when a piece is not 1 to 4 hex digits.
            The last piece of the address may be an IPv4 literal, which counts as two groups. */
        std::optional<std::vector<std::uint16_t>> parseIPv6Groups (std::string_view text, bool mayEndInIPv4)
        {
            std::vector<std::uint16_t> groups;
            if (text.empty())
                return groups;

            std::size_t index = 0;
            while (true)
            {
                const auto end = std::min (text.find (':', index), text.size());
                const auto piece = text.substr (index, end - index);

                if (end == text.size() && mayEndInIPv4 && piece.find ('.') != std::string_view::npos)
                {
                    const auto ipv4 = parseIPv4 (piece);
                    if (! ipv4)
                        return std::nullopt;
                    groups.push_back (static_cast<std::uint16_t> (((*ipv4)[0] << 8) | (*ipv4)[1]));
                    groups.push_back (static_cast<std::uint16_t> (((*ipv4)[2] << 8) | (*ipv4)[3]));
                    return groups;
                }

                if (piece.empty() || piece.size() > 4)
                    return std::nullopt;

                std::uint16_t value = 0;
                for (const auto c : piece)
                {
                    const auto digit = hex::valueOf (c);
                    if (! digit)
                        return std::nullopt;
                    value = static_cast<std::uint16_t> ((value << 4) | *digit);
                }
                groups.push_back (value);

                if (end == text.size())
                    return groups;
                index = end + 1;
            }
        }
    } // namespace

    std::optional<std::array<std::uint8_t, 16>> parseIPv6 (std::string_view text)
    {
        constexpr std::size_t groupCount = 8;
        std::vector<std::uint16_t> groups;

        const auto gap = text.find ("::");
        if (gap == std::string_view::npos)
        {
            auto all = parseIPv6Groups (text, true);
            if (! all || all->size() != groupCount)
                return std::nullopt;
            groups = std::move (*all);
        }
        else
        {
            auto head = parseIPv6Groups (text.substr (0, gap), false);
            auto tail = parseIPv6Groups (text.substr (gap + 2), true);
            if (! head || ! tail || head->size() + tail->size() >= groupCount)
                return std::nullopt;
            groups = std::move (*head);
            groups.resize (groupCount - tail->size(), 0);
            groups.insert (groups.end(), tail->begin(), tail->end());
        }

        std::array<std::uint8_t, 16> address {};
        for (std::size_t i = 0; i < groupCount; ++i)
        {
            address[2 * i] = static_cast<std::uint8_t> (groups[i] >> 8);
            address[2 * i + 1] = static_cast<std::uint8_t> (groups[i] & 0xff);
        }
        return address;
    }

    /** RFC 5952: lower-case hex without leading zeros, the longest run of two or more zero
        groups (the first of equals) as "::", and IPv4-mapped addresses as ::ffff:a.b.c.d. */
    std::string formatIPv6 (const std::uint8_t* bytes)
    {
        if (std::all_of (bytes, bytes + 10, [] (std::uint8_t b)
                         { return b == 0; })
            && bytes[10] == 0xff && bytes[11] == 0xff)
            return "::ffff:" + formatIPv4 (bytes + 12);

        std::array<std::uint16_t, 8> groups {};
        for (std::size_t i = 0; i < groups.size(); ++i)
            groups[i] = static_cast<std::uint16_t> ((bytes[2 * i] << 8) | bytes[2 * i + 1]);

        std::size_t bestStart = groups.size();
        std::size_t bestLength = 1;
        for (std::size_t i = 0; i < groups.size();)
        {
            if (groups[i] != 0)
            {
                ++i;
                continue;
            }
            std::size_t end = i;
            while (end < groups.size() && groups[end] == 0)
                ++end;
            if (end - i > bestLength)
            {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }

        std::string text;
        for (std::size_t i = 0; i < groups.size(); ++i)
        {
            if (i == bestStart)
            {
                text += "::";
                i += bestLength - 1;
                continue;
            }
            if (! text.empty() && text.back() != ':')
                text += ':';

            bool started = false;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                const auto digit = (groups[i] >> shift) & 15;
                if (digit != 0 || started || shift == 0)
                {
                    text += hex::digit (static_cast<unsigned> (digit));
                    started = true;
                }
            }
        }
        return text;
    }

    std::string networkOfPeer (std::string_view peer)
    {
        const auto ipv4Network = [] (std::array<std::uint8_t, 4> address)
        {
            address[3] = 0;
            return formatIPv4 (address.data()) + "/24";
        };

        if (peer.starts_with ("ipv4:"))
        {
            const auto hostAndPort = peer.substr (5);
            if (const auto address = parseIPv4 (hostAndPort.substr (0, hostAndPort.rfind (':'))))
                return ipv4Network (*address);
        }
        else if (peer.starts_with ("ipv6:[") && peer.find (']') != std::string_view::npos)
        {
            if (auto address = parseIPv6 (peer.substr (6, peer.find (']') - 6)))
            {
                constexpr std::array<std::uint8_t, 12> mappedPrefix { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
                if (std::equal (mappedPrefix.begin(), mappedPrefix.end(), address->begin()))
                    return ipv4Network ({ (*address)[12], (*address)[13], (*address)[14], (*address)[15] });
                std::fill (address->begin() + 6, address->end(), std::uint8_t { 0 });
                return formatIPv6 (address->data()) + "/48";
            }
        }
        return "unknown";
    }
} // namespace earshot
