#include "AudioOutputs.h"

#include "Core/Error.h"

#include <juce_audio_formats/juce_audio_formats.h>

namespace earshot
{
    DeviceOutput::DeviceOutput (PreviewPlayer& playerToDrive)
        : player (playerToDrive)
    {
    }

    std::unique_ptr<DeviceOutput> DeviceOutput::open (PreviewPlayer& player, std::string& whyNot)
    {
        std::unique_ptr<DeviceOutput> output (new DeviceOutput (player));
        const auto error = output->devices.initialiseWithDefaultDevices (0, 2);
        if (error.isNotEmpty() || output->devices.getCurrentAudioDevice() == nullptr)
        {
            whyNot = error.isNotEmpty() ? error.toStdString() : "no audio output device was found";
            return nullptr;
        }
        output->devices.addAudioCallback (output.get());
        return output;
    }

    DeviceOutput::~DeviceOutput()
    {
        devices.removeAudioCallback (this);
        devices.closeAudioDevice();
    }

    std::string DeviceOutput::description() const
    {
        if (auto* device = devices.getCurrentAudioDevice())
            return (device->getName() + " (" + device->getTypeName() + ", " + juce::String (device->getCurrentSampleRate(), 0) + " Hz, "
                    + juce::String (device->getCurrentBufferSizeSamples()) + " frames)")
                .toStdString();
        return "no device";
    }

    void DeviceOutput::audioDeviceIOCallbackWithContext (const float* const*, int, float* const* outputs, int numOutputs, int numSamples, const juce::AudioIODeviceCallbackContext&)
    {
        player.render (outputs, numOutputs, numSamples);
    }

    void DeviceOutput::audioDeviceAboutToStart (juce::AudioIODevice* device)
    {
        player.prepare (device->getCurrentSampleRate(), device->getCurrentBufferSizeSamples());
    }

    void DeviceOutput::audioDeviceStopped() {}

    //==============================================================================
    WavFileOutput::WavFileOutput (PreviewPlayer& playerToDrive, const juce::File& file, double rate, int block, bool inRealTime)
        : player (playerToDrive)
        , sampleRate (rate)
        , blockSize (block)
        , realTime (inRealTime)
    {
        file.deleteFile();
        auto stream = file.createOutputStream();
        if (stream == nullptr)
            throw Error (ErrorCode::invalidArgument, "cannot write " + file.getFullPathName().toStdString());
        juce::WavAudioFormat wav;
        writer.reset (wav.createWriterFor (stream.get(), sampleRate, 2, 24, {}, 0));
        if (writer == nullptr)
            throw Error (ErrorCode::internal, "cannot make a WAV writer for " + file.getFullPathName().toStdString());
        stream.release(); // the writer owns it
        player.prepare (sampleRate, blockSize);
        thread = std::thread ([this]
                              { run(); });
    }

    WavFileOutput::~WavFileOutput()
    {
        stopping.store (true);
        thread.join();
        writer.reset(); // finishes the WAV header
    }

    double WavFileOutput::secondsWritten() const noexcept
    {
        return static_cast<double> (framesWritten.load()) / sampleRate;
    }

    void WavFileOutput::run()
    {
        juce::AudioBuffer<float> block (2, blockSize);
        const auto period = std::chrono::duration<double> (blockSize / sampleRate);
        auto next = std::chrono::steady_clock::now();
        while (! stopping.load())
        {
            player.render (block.getArrayOfWritePointers(), 2, blockSize);
            writer->writeFromAudioSampleBuffer (block, 0, blockSize);
            framesWritten.fetch_add (blockSize);
            if (realTime)
            {
                next += std::chrono::duration_cast<std::chrono::steady_clock::duration> (period);
                std::this_thread::sleep_until (next);
            }
        }
    }
} // namespace earshot
