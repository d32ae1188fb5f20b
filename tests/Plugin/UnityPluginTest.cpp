// The Unity build as Unity's audio mixer meets it: it loads the native plugin, asks it for its effect
// definitions (name and parameters), creates an instance with the mixer's state and runs its process
// callback. With no track selected the effect passes the mix through untouched.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>
#include <juce_core/juce_core.h>

// Unity's plugin interface as JUCE declares it (it needs juce_core first).
#include <juce_audio_plugin_client/Unity/juce_UnityPluginInterface.h>

#include <cmath>
#include <dlfcn.h>

using namespace earshot::testing;

TEST (UnityPlugin, UnityFindsTheEffectAndItsParametersAndTheMixPassesThrough)
{
    TemporaryDirectory root ("earshot-unity");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    ::setenv ("EARSHOT_API", daemon.apiAddress().c_str(), 1);
    ::setenv ("EARSHOT_DATA_DIR", (root.path() / "never-started").c_str(), 1);

    // Unity loads the library and asks for its effects; the library stays loaded, as in Unity.
    void* library = ::dlopen (EARSHOT_UNITY_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE (library, nullptr) << ::dlerror();
    using GetDefinitions = int (*) (UnityAudioEffectDefinition***);
    auto getDefinitions = reinterpret_cast<GetDefinitions> (::dlsym (library, "UnityGetAudioEffectDefinitions"));
    ASSERT_NE (getDefinitions, nullptr) << "the Unity entry point is missing";
    UnityAudioEffectDefinition** definitions = nullptr;
    ASSERT_EQ (getDefinitions (&definitions), 1);
    const auto& effect = *definitions[0];
    EXPECT_STREQ (effect.name, "audioplugin_Earshot");
    std::vector<std::string> parameters;
    for (juce::uint32 i = 0; i < effect.numParameters; ++i)
        parameters.emplace_back (effect.parameterDefintions[i].name);
    EXPECT_NE (std::find (parameters.begin(), parameters.end(), "Volume"), parameters.end());
    EXPECT_NE (std::find (parameters.begin(), parameters.end(), "Play"), parameters.end());

    // An instance on a mixer group: stereo at 48 kHz in 512-frame blocks, the game playing.
    int internal = 0;
    UnityAudioEffectState state {};
    state.structSize = sizeof (state);
    state.sampleRate = 48000;
    state.dspBufferSize = 512;
    state.flags = stateIsPlaying;
    state.internal = &internal;
    ASSERT_EQ (effect.create (&state), 0);
    ASSERT_NE (state.effectData, nullptr);

    std::vector<float> in (512 * 2), out (512 * 2);
    double worst = 0.0;
    for (int block = 0; block < 40; ++block)
    {
        for (std::size_t i = 0; i < in.size(); ++i)
            in[i] = 0.25f * std::sin (static_cast<float> (block * 512 + static_cast<int> (i / 2)) * 0.05f);
        ASSERT_EQ (effect.process (&state, in.data(), out.data(), 512, 2, 2), 0);
        for (std::size_t i = 0; i < in.size(); ++i)
            worst = std::max (worst, static_cast<double> (std::abs (out[i] - in[i])));
    }
    EXPECT_LT (worst, 1.0e-6) << "the mix did not pass through";
    EXPECT_EQ (effect.release (&state), 0);
    EXPECT_FALSE (std::filesystem::exists (root.path() / "never-started")) << "it started a daemon of its own";
}
