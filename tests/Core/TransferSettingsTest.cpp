#include "Core/TransferSettings.h"
#include "Core/Error.h"

#include <gtest/gtest.h>

using namespace earshot;

TEST (TransferSettings, TakesCapsAndPortsInRangeAndNamesWhatIsNot)
{
    EXPECT_NO_THROW (checkTransferSettings ({}));
    EXPECT_NO_THROW (checkTransferSettings ({ 65536, TransferSettings::maxBytesPerSecond, 65535 }));

    const auto refusal = [] (const TransferSettings& settings)
    {
        try
        {
            checkTransferSettings (settings);
        }
        catch (const Error& e)
        {
            EXPECT_EQ (e.code(), ErrorCode::invalidArgument);
            return std::string (e.what());
        }
        return std::string();
    };
    EXPECT_EQ (refusal ({ -1, 0, 0 }), "the upload limit -1 bytes/s is negative: give 0 for none, or a cap in bytes per second");
    EXPECT_EQ (refusal ({ 0, 3'000'000'000, 0 }), "the download limit 3000000000 bytes/s is over the most it can be, 2147483647 (give 0 for none)");
    EXPECT_EQ (refusal ({ 0, 0, 70000 }), "the listen port 70000 is not a TCP port: give 1 to 65535, or 0 for a free one");
    EXPECT_EQ (refusal ({ 0, 0, -5 }), "the listen port -5 is not a TCP port: give 1 to 65535, or 0 for a free one");
}

TEST (TransferSettings, MovesEveryListenInterfaceToTheNewPort)
{
    EXPECT_EQ (listenInterfacesWithPort ("0.0.0.0:6881,[::]:6881", 7000), "0.0.0.0:7000,[::]:7000");
    EXPECT_EQ (listenInterfacesWithPort ("127.0.0.1:0", 51413), "127.0.0.1:51413");
    EXPECT_EQ (portOfListenInterfaces ("0.0.0.0:6881,[::]:6881"), 6881);
    EXPECT_EQ (portOfListenInterfaces ("[::1]:7001"), 7001);
    EXPECT_EQ (portOfListenInterfaces ("[::1]"), 0);
    EXPECT_THROW ((void) listenInterfacesWithPort ("eth0", 7000), Error);
}
