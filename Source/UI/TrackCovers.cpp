#include "TrackCovers.h"

namespace earshot
{
    TrackCovers::TrackCovers()
        : self (std::make_shared<TrackCovers*> (this))
    {
    }

    TrackCovers::~TrackCovers()
    {
        *self = nullptr;
    }

    juce::Image TrackCovers::find (const std::string& trackId)
    {
        if (trackId.empty())
            return {};
        const auto found = entries.find (trackId);
        if (found == entries.end())
        {
            fetch (trackId);
            return {};
        }
        auto& entry = found->second;
        if (! entry.fetching && entry.retryAtMs != 0 && juce::Time::getMillisecondCounter() >= entry.retryAtMs)
            fetch (trackId);
        return entry.image;
    }

    void TrackCovers::put (const std::string& trackId, juce::Image cover)
    {
        auto& entry = entries[trackId];
        entry.image = std::move (cover);
        entry.fetching = false;
        entry.retryAtMs = 0;
        sendChangeMessage();
    }

    juce::Image TrackCovers::decode (const std::string& bytes, int maxSide)
    {
        auto image = juce::ImageFileFormat::loadFrom (bytes.data(), bytes.size());
        if (! image.isValid() || juce::jmax (image.getWidth(), image.getHeight()) <= maxSide)
            return image;
        const auto scale = static_cast<double> (maxSide) / static_cast<double> (juce::jmax (image.getWidth(), image.getHeight()));
        return image.rescaled (juce::jmax (1, juce::roundToInt (image.getWidth() * scale)), juce::jmax (1, juce::roundToInt (image.getHeight() * scale)), juce::Graphics::highResamplingQuality);
    }

    void TrackCovers::fetch (const std::string& trackId)
    {
        auto& entry = entries[trackId];
        if (feed == nullptr)
            return;
        entry.fetching = true;
        auto decoded = std::make_shared<juce::Image>();
        feed->perform ([trackId, decoded] (DaemonClient& api)
                       {
            if (const auto cover = api.cover (trackId))
                *decoded = decode (cover->bytes); },
                       [weak = std::weak_ptr<TrackCovers*> (self), trackId, decoded] (juce::String failure)
                       {
            const auto owner = weak.lock();
            if (owner == nullptr || *owner == nullptr)
                return;
            auto& cache = **owner;
            auto& done = cache.entries[trackId];
            done.fetching = false;
            done.retryAtMs = failure.isEmpty() ? 0 : juce::jmax<juce::uint32> (1, juce::Time::getMillisecondCounter() + retryMs);
            done.image = *decoded;
            if (decoded->isValid())
                cache.sendChangeMessage(); });
    }
} // namespace earshot
