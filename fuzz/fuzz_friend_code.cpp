/** Friend codes as people paste them, and the addresses inside them. */

#include "FuzzHarness.h"

#include "Core/FriendCode.h"
#include "Core/IpAddress.h"

#include <cstdlib>

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    const auto text = fuzz::textOf (data, size);
    fuzz::refusedOrTaken ([&]
                          {
                              const auto code = parseFriendCode (text);
                              // What was read is written back the same way and reads as the same friend.
                              if (parseFriendCode (formatFriendCode (code)) != code)
                                  std::abort(); });
    fuzz::refusedOrTaken ([&]
                          { (void) friendCodeText::decode (text); });
    (void) parseIPv4 (text);
    (void) parseIPv6 (text);
    (void) networkOfPeer (text);
    return 0;
}
