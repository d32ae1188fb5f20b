#pragma once

#include "Audio/PreviewPlayer.h"

#include <juce_audio_devices/juce_audio_devices.h>
#include <juce_audio_formats/juce_audio_formats.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace earshot
{
    /** The default audio output device, driving a PreviewPlayer's render() from its callback. */
    class DeviceOutput final : private juce::AudioIODeviceCallback
    {
    public:
        /** Opens the system's default output; nullptr (and whyNot says why) when there is none. */
        static std::unique_ptr<DeviceOutput> open (PreviewPlayer& player, std::string& whyNot);
        ~DeviceOutput() override;

        [[nodiscard]] std::string description() const;

    private:
        explicit DeviceOutput (PreviewPlayer& player);

        void audioDeviceIOCallbackWithContext (const float* const* inputs, int numInputs, float* const* outputs, int numOutputs, int numSamples, const juce::AudioIODeviceCallbackContext& context) override;
        void audioDeviceAboutToStart (juce::AudioIODevice* device) override;
        void audioDeviceStopped() override;

        PreviewPlayer& player;
        juce::AudioDeviceManager devices;
    };

    /** Stands in for a device: a thread that calls a PreviewPlayer's render() in blocks, in real time
        (or as fast as it can), and writes what comes out to a WAV file. */
    class WavFileOutput final
    {
    public:
        /** Prepares the player for sampleRate; throws Error when the file cannot be written. */
        WavFileOutput (PreviewPlayer& player, const juce::File& file, double sampleRate = 48000.0, int blockSize = 512, bool realTime = true);
        ~WavFileOutput();

        /** Seconds of audio written so far. */
        [[nodiscard]] double secondsWritten() const noexcept;

    private:
        void run();

        PreviewPlayer& player;
        std::unique_ptr<juce::AudioFormatWriter> writer;
        const double sampleRate;
        const int blockSize;
        const bool realTime;
        std::atomic<bool> stopping { false };
        std::atomic<juce::int64> framesWritten { 0 };
        std::thread thread;
    };
} // namespace earshot
