#include "PassProto.h"

namespace earshot
{
    SealedMessage sealedMessageOf (const v1::SignedEnvelope& sealed)
    {
        return { sealed.envelope(), sealed.sender_key(), sealed.signature() };
    }

    EnvelopeHeader headerOf (const v1::Envelope& envelope)
    {
        return { envelope.message_id(), envelope.sent_at_ms(), envelope.recipient_key() };
    }

    std::vector<PassLink> chainOf (const google::protobuf::RepeatedPtrField<v1::PassLink>& links)
    {
        std::vector<PassLink> chain;
        chain.reserve (static_cast<std::size_t> (links.size()));
        for (const auto& link : links)
            chain.push_back ({ link.pass_id(), link.sender_key() });
        return chain;
    }

    void setChain (const std::vector<PassLink>& chain, google::protobuf::RepeatedPtrField<v1::PassLink>& links)
    {
        links.Clear();
        for (const auto& each : chain)
        {
            auto& link = *links.Add();
            link.set_pass_id (each.passId);
            link.set_sender_key (each.senderKey);
        }
    }
} // namespace earshot
