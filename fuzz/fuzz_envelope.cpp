/** A SignedEnvelope from a friend, as the Friends API receives it: opened and checked by
    Envelopes (Core's pass rules), then its pass, listen receipt or presence probe read as the
    daemon reads them. The friend's key is fixed, so the harness can also sign what the fuzzer
    writes and reach past the signature. */

#include "FuzzHarness.h"

#include "Daemon/Envelopes.h"
#include "Daemon/IdentitySigner.h"
#include "Daemon/PassProto.h"
#include "Daemon/SealedBox.h"
#include "ProtoConvert.h"
#include "Store/FriendStore.h"
#include "Store/SharedDatabase.h"
#include "Swarm/PeerEndpoint.h"
#include "Swarm/TrackTorrent.h"

#include <chrono>
#include <memory>

using namespace earshot;

namespace
{
    /** A daemon (self) with one friend on a real SQLite file. */
    struct Daemon
    {
        fuzz::ScratchFolder scratch;
        Identity self = fuzz::fixedIdentity (scratch, 1);
        Identity friendIdentity = fuzz::fixedIdentity (scratch, 2);
        IdentitySigner signer { self };
        SealedBox box = self.sealedBox();
        SharedDatabase database { scratch.path() / "passes.sqlite" };
        FriendStore friends { database };

        Daemon()
        {
            (void) friends.add ({ friendIdentity.publicKey(), "Ana", "203.0.113.7", 7000, 0 });
        }

        [[nodiscard]] v1::SignedEnvelope signedByFriend (const std::string& envelope) const
        {
            v1::SignedEnvelope sealed;
            sealed.set_envelope (envelope);
            sealed.set_sender_key (keyBytes (friendIdentity.publicKey()));
            sealed.set_signature (friendIdentity.sign (envelope));
            return sealed;
        }
    };

    [[nodiscard]] std::int64_t wallClockMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds> (std::chrono::system_clock::now().time_since_epoch()).count();
    }

    /** What Passes::receive and Points::acknowledge read of an opened envelope, short of the
        library and the stores they file into. */
    void readContent (const Envelopes::Opened& opened, const EnvelopeSigner& signer)
    {
        const auto& envelope = opened.envelope;
        if (! envelope.sender_peer().empty())
            fuzz::refusedOrTaken ([&]
                                  { (void) parseEndpoint (envelope.sender_peer()); });
        if (envelope.has_pass())
        {
            const auto& pass = envelope.pass();
            passRules::checkPassId (headerOf (envelope), pass.pass_id(), opened.from.name);
            (void) passRules::chainAfter (chainOf (pass.chain()), pass.pass_id(), opened.from.publicKey);
            (void) validateManifest (fromProto (pass.manifest()));
        }
        else if (envelope.has_receipt())
        {
            const auto& receipt = envelope.receipt();
            if (receipt.has_forwarded())
            {
                const auto& inner = receipt.forwarded();
                std::optional<EnvelopeHeader> innerReceipt;
                v1::Envelope innerEnvelope;
                if (passRules::isSignedBySender (signer, sealedMessageOf (inner)) && innerEnvelope.ParseFromString (inner.envelope()) && innerEnvelope.has_receipt())
                    innerReceipt = headerOf (innerEnvelope);
                (void) passRules::chainCredit (innerReceipt, opened.from.publicKey, opened.from.name, receipt.track_id());
            }
            else
            {
                (void) passRules::directCredit (opened.from.name, receipt.track_id(), receipt.listened_ms(), envelope.message_id());
            }
        }
        else if (envelope.has_probe())
        {
            (void) millisecondsSince (envelope.sent_at_ms(), wallClockMs());
        }
    }
} // namespace

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    static const auto daemon = std::make_unique<Daemon>();
    const auto input = fuzz::splitMode (data, size, fuzz::sealedModeCount);

    const auto sealed = fuzz::sealedOf<v1::SignedEnvelope, v1::Envelope> (
        input.mode, input.rest, [] (const std::string& envelope)
        { return daemon->signedByFriend (envelope); },
        [] (v1::Envelope& envelope)
        {
            envelope.set_recipient_key (keyBytes (daemon->self.publicKey()));
            envelope.set_sent_at_ms (wallClockMs());
        });
    if (! sealed)
        return 0;

    // A new Envelopes for each input: its rate limiter would otherwise refuse the friend after a
    // few inputs, and the fuzzer would never get past it again.
    Envelopes envelopes (daemon->friends, daemon->signer, daemon->box);
    fuzz::refusedOrTaken ([&]
                          { readContent (envelopes.open (*sealed), daemon->signer); });
    return 0;
}
