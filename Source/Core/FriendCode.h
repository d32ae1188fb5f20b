#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** What a friend code carries: who a friend is (their daemon's Ed25519 public key) and where
        their daemon's Friends API listens.

        A friend code is text people copy through chat, mail or paper, so it is built like a
        Syncthing device ID: every typo a person makes by hand is caught before it can turn into a
        wrong friend.

            earshot:AEDSYULWX-TPAOKCRPW-KR4Z5Q7IX-BUZFO7FB7-Y3VRANK2A-P6SMT3QTJ-HBOYFN5FS-AHFQA4IH5-XUSQN

        Two layers, the outer one fixed for every version:

        Text layer (typos). The payload bytes, followed by their CRC-16 (CRC-16/CCITT-FALSE, big
        endian), are written in RFC 4648 base32 (A-Z, 2-7, no padding; the unused low bits of the
        last character are zero). The base32 characters are cut into groups of 8 (the last group
        may be shorter) and each group is followed by its Luhn mod 32 check character over the
        base32 alphabet. It is the textbook Luhn mod N, which doubles the rightmost character of
        the group; Syncthing's luhn32 doubles from the left, which in its 13-character groups
        leaves the last character undoubled next to its check character and so misses their swap.
        Groups are joined with '-' and the whole is prefixed with "earshot:". The check characters
        catch any single changed character and tell which group it is in; the CRC, which covers
        every payload bit, catches the swaps of neighbouring characters Luhn misses (A next to 7,
        a character with its group's check character) without fail, since such a swap changes at
        most 10 neighbouring bits, and a dropped or repeated group but for one chance in 65536.

        Payload layer (meaning), version 1, integers big endian:
            1 byte    version (1)
            32 bytes  the Ed25519 public key
            2 bytes   the Friends API TCP port (not 0)
            1 byte    address kind: 1 = IPv4, 2 = IPv6, 3 = DNS name
            rest      4 bytes of IPv4, 16 bytes of IPv6, or the DNS name in lower-case ASCII

        An IPv4 code is 9 groups (77 characters and 8 dashes after the prefix); IPv6 is 11; a DNS
        name adds about 1.8 characters per letter.

        Reading is forgiving where it cannot go wrong: lower case is upper case; spaces, line
        breaks and dashes are ignored wherever they are; the "earshot:" prefix is optional; and the
        look-alikes that are not in the alphabet read as the letters they resemble, as Syncthing
        does (0 as O, 1 as I, 8 as B).
    */
    struct FriendCode
    {
        /** The friend's daemon's Ed25519 public key: it verifies everything they sign. */
        std::array<std::uint8_t, 32> publicKey {};
        /** Where their daemon listens: an IPv4 literal ("203.0.113.7"), an IPv6 literal without
            brackets ("2001:db8::7"), or a DNS name of at most 253 characters. A friend code holds
            IPv6 in RFC 5952 form and DNS names in lower case, so that is how parsing returns them. */
        std::string host;
        /** Their Friends API TCP port. */
        std::uint16_t port = 0;

        bool operator== (const FriendCode&) const = default;
    };

    /** The text of a friend code, "earshot:" and dash-separated groups. Throws Error
        (invalidArgument) naming the problem when the host is not an IPv4 or IPv6 literal or a
        valid DNS name, or the port is 0. */
    [[nodiscard]] std::string formatFriendCode (const FriendCode& code);

    /** Reads a friend code as a person typed or pasted it. Throws Error (invalidArgument) whose
        message names the problem: a character that is not in a friend code (which one, and at
        which position of the text), a wrong length, which group has a typo, a code that does not
        check out as a whole, an unknown version, or a bad address. */
    [[nodiscard]] FriendCode parseFriendCode (std::string_view text);

    /** The text layer on its own (base32, groups, check characters and the CRC over any payload),
        for tests that need a well-formed code with a payload no formatFriendCode makes. */
    namespace friendCodeText
    {
        [[nodiscard]] std::string encode (const std::vector<std::uint8_t>& payload);
        /** Throws Error (invalidArgument) for everything parseFriendCode reports except the
            payload's version and address. */
        [[nodiscard]] std::vector<std::uint8_t> decode (std::string_view text);
        /** CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF): "123456789" gives 0x29B1. */
        [[nodiscard]] std::uint16_t crc16 (const std::vector<std::uint8_t>& bytes) noexcept;
    } // namespace friendCodeText
} // namespace earshot
