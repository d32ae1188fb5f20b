#include "PluginHostSupport.h"

#include <gtest/gtest.h>
#include <juce_audio_formats/juce_audio_formats.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <dlfcn.h>

namespace earshot::testing
{
    namespace
    {
        constexpr double envelopeWindowSeconds = 0.05;

        /** RMS per 50 ms window, from the first audible sample on. */
        std::vector<double> envelope (const float* samples, std::size_t count, double rate, std::size_t windows)
        {
            std::size_t start = 0;
            while (start < count && std::abs (samples[start]) <= 1.0e-4f)
                ++start;
            const auto window = static_cast<std::size_t> (envelopeWindowSeconds * rate);
            std::vector<double> result;
            for (std::size_t w = 0; w < windows && start + (w + 1) * window <= count; ++w)
            {
                double sum = 0.0;
                for (std::size_t i = 0; i < window; ++i)
                {
                    const double x = samples[start + w * window + i];
                    sum += x * x;
                }
                result.push_back (std::sqrt (sum / static_cast<double> (window)));
            }
            return result;
        }

        /** The source file's left channel, decoded. */
        juce::AudioBuffer<float> decodeSource (const std::filesystem::path& file, double& rate)
        {
            juce::AudioFormatManager formats;
            formats.registerBasicFormats();
            std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
            if (reader == nullptr)
                return {};
            rate = reader->sampleRate;
            const auto frames = static_cast<int> (std::min<juce::int64> (reader->lengthInSamples, static_cast<juce::int64> (rate * 20)));
            juce::AudioBuffer<float> audio (static_cast<int> (reader->numChannels), frames);
            reader->read (&audio, 0, frames, 0, true, true);
            return audio;
        }
    } // namespace

    std::filesystem::path installBundle (Format format, const std::filesystem::path& home)
    {
        const auto folder = home / (format == Format::vst3 ? ".vst3" : ".lv2");
        const auto bundle = folder / (format == Format::vst3 ? "Earshot.vst3" : "Earshot.lv2");
        if (! std::filesystem::exists (bundle))
        {
            std::filesystem::create_directories (folder);
            std::filesystem::copy (format == Format::vst3 ? EARSHOT_VST3_BUNDLE : EARSHOT_LV2_BUNDLE, bundle, std::filesystem::copy_options::recursive);
        }
        return bundle;
    }

    std::filesystem::path pluginBinaryIn (Format format, const std::filesystem::path& bundle)
    {
        return format == Format::vst3 ? bundle / "Contents" / "x86_64-linux" / "Earshot.so" : bundle / "libEarshot.so";
    }

    std::unique_ptr<juce::AudioPluginInstance> loadPlugin (Format format, const std::filesystem::path& home)
    {
        juce::OwnedArray<juce::PluginDescription> types;
        juce::String error;
        std::unique_ptr<juce::AudioPluginFormat> pluginFormat;
        const auto bundle = installBundle (format, home);
        if (format == Format::vst3)
        {
            pluginFormat = std::make_unique<juce::VST3PluginFormat>();
            pluginFormat->findAllTypesForFile (types, bundle.string());
        }
        else
        {
            ::setenv ("HOME", home.c_str(), 1);
            pluginFormat = std::make_unique<juce::LV2PluginFormat>();
            pluginFormat->findAllTypesForFile (types, EARSHOT_LV2_URI);
        }
        if (types.isEmpty())
            return nullptr;
        auto instance = pluginFormat->createInstanceFromDescription (*types[0], hostRate, hostBlock, error);
        EXPECT_NE (instance, nullptr) << error;
        return instance;
    }

    std::pair<std::uintptr_t, std::uintptr_t> processBlockRange (Format format, const std::filesystem::path& home)
    {
        const auto binary = pluginBinaryIn (format, installBundle (format, home)).string();
        return RealtimeGuard::functionRange (binary, "earshot::EarshotProcessor::processBlock(juce::AudioBuffer<float>&, juce::MidiBuffer&)");
    }

    SessionState saveSession (Format format, juce::AudioPluginInstance& instance)
    {
        SessionState session { format, {} };
        instance.getStateInformation (session.host);
        return session;
    }
    void restoreSession (Format format, juce::AudioPluginInstance& instance, const std::string& trackId, bool play, bool sync, float volumeDecibels)
    {
        const auto session = saveSession (format, instance);
        auto xml = session.plugin();
        ASSERT_NE (xml, nullptr) << "the " << nameOf (format) << " state holds no Earshot state";
        xml->setAttribute ("track", juce::String (trackId));
        xml->setAttribute ("syncToHost", sync ? 1 : 0);
        const auto state = session.with (*xml);
        instance.setStateInformation (state.getData(), static_cast<int> (state.getSize()));

        auto* volume = parameterNamed (instance, "Volume");
        volume->setValueNotifyingHost (volume->getValueForText (juce::String (volumeDecibels, 1)));
        parameterNamed (instance, "Play")->setValueNotifyingHost (play ? 1.0f : 0.0f);
    }

    juce::AudioProcessorParameter* parameterNamed (juce::AudioPluginInstance& instance, const juce::String& name)
    {
        for (auto* parameter : instance.getParameters())
            if (parameter->getName (64) == name)
                return parameter;
        return nullptr;
    }

    Match compareWithSource (const HostDriver& driver, std::size_t from, const std::filesystem::path& source, double seconds)
    {
        double rate = 0.0;
        const auto reference = decodeSource (source, rate);
        const auto windows = static_cast<std::size_t> (seconds / envelopeWindowSeconds);
        const auto out = envelope (driver.left().data() + from, driver.recorded() - from, hostRate, windows);
        const auto in = envelope (reference.getReadPointer (0), static_cast<std::size_t> (reference.getNumSamples()), rate, windows);
        Match match;
        match.windows = std::min (out.size(), in.size());
        if (match.windows < 4)
            return match;
        double meanOut = 0.0, meanIn = 0.0;
        for (std::size_t i = 0; i < match.windows; ++i)
        {
            meanOut += out[i];
            meanIn += in[i];
        }
        meanOut /= static_cast<double> (match.windows);
        meanIn /= static_cast<double> (match.windows);
        double covariance = 0.0, varianceOut = 0.0, varianceIn = 0.0, crossProduct = 0.0, inSquared = 0.0;
        for (std::size_t i = 0; i < match.windows; ++i)
        {
            covariance += (out[i] - meanOut) * (in[i] - meanIn);
            varianceOut += (out[i] - meanOut) * (out[i] - meanOut);
            varianceIn += (in[i] - meanIn) * (in[i] - meanIn);
            crossProduct += out[i] * in[i];
            inSquared += in[i] * in[i];
        }
        match.correlation = covariance / std::sqrt (varianceOut * varianceIn + 1.0e-30);
        match.gain = crossProduct / (inSquared + 1.0e-30);
        return match;
    }

    void installHostXErrorHandler()
    {
        if (void* x11 = ::dlopen ("libX11.so.6", RTLD_NOW)) // the library JUCE loads; kept loaded
        {
            using ErrorHandler = int (*) (void*, void*);
            using SetErrorHandler = ErrorHandler (*) (ErrorHandler);
            if (auto* setHandler = reinterpret_cast<SetErrorHandler> (::dlsym (x11, "XSetErrorHandler")))
                setHandler ([] (void*, void*)
                            { return 0; });
        }
    }
} // namespace earshot::testing
