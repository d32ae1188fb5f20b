/** What the hub takes from daemons: a SignedHubMessage (a release, a profile, an artist's post, a
    listen, pass or seed report), checked and filed by HubIntake into a real SQLite hub store.
    The sender's key is fixed, so the harness can also sign what the fuzzer writes. */

#include "FuzzHarness.h"

#include "Hub/HubIntake.h"
#include "Swarm/Ed25519Verifier.h"

#include "earshot/v1/hub.pb.h"

#include <memory>

using namespace earshot;

namespace
{
    /** A hub on a real SQLite file, and the daemon whose key signs what the harness signs. */
    struct Hub
    {
        fuzz::ScratchFolder scratch;
        Identity sender = fuzz::fixedIdentity (scratch, 2);
        std::unique_ptr<HubStore> store = openHubStore ((scratch.path() / "hub.sqlite").string());
        Ed25519Verifier verifier;
        HubIntake intake { *store, verifier, HubIntake::Rules {} };

        [[nodiscard]] v1::SignedHubMessage signedBySender (const std::string& message) const
        {
            v1::SignedHubMessage sealed;
            sealed.set_message (message);
            sealed.set_signer_key (keyBytes (sender.publicKey()));
            sealed.set_signature (sender.sign (message));
            return sealed;
        }
    };
} // namespace

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    static const auto hub = std::make_unique<Hub>();
    const auto input = fuzz::splitMode (data, size, fuzz::sealedModeCount);
    const auto sealed = fuzz::sealedOf<v1::SignedHubMessage, v1::HubMessage> (
        input.mode, input.rest, [] (const std::string& message)
        { return hub->signedBySender (message); },
        [] (v1::HubMessage& message)
        { message.set_sent_at_ms (fuzz::fixedNowMs); });
    if (! sealed)
        return 0;

    fuzz::refusedOrTaken ([&]
                          { (void) hub->intake.submit (*sealed, fuzz::fixedNowMs, "203.0.113.0/24"); });
    return 0;
}
