#pragma once

#include "Core/PassRules.h"

#include "earshot/v1/friends.pb.h"

#include <vector>

namespace earshot
{
    /** Core's pass types from the Friends API's messages and back: the rules (Core/PassRules) see
        only the former. */
    [[nodiscard]] SealedMessage sealedMessageOf (const v1::SignedEnvelope& sealed);
    [[nodiscard]] EnvelopeHeader headerOf (const v1::Envelope& envelope);
    [[nodiscard]] std::vector<PassLink> chainOf (const google::protobuf::RepeatedPtrField<v1::PassLink>& links);
    void setChain (const std::vector<PassLink>& chain, google::protobuf::RepeatedPtrField<v1::PassLink>& links);
} // namespace earshot
