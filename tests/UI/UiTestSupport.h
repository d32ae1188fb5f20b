#pragma once

// What the UI suites share: saving what they render, pumping JUCE's message queue (the suites run
// no event loop of their own, and modal loops are compiled out), and two friends' daemons.

#include "Support/DaemonProcess.h"
#include "Support/MessagePump.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <chrono>
#include <functional>
#include <thread>

namespace earshot::testing
{
    /** Where the suites leave their images: build/ui-images. */
    inline juce::File uiImageFolder()
    {
        const auto folder = juce::File (EARSHOT_UI_IMAGES);
        folder.createDirectory();
        return folder;
    }

    /** Renders component at width x height (laid out as at that size). */
    inline juce::Image renderAt (juce::Component& component, int width, int height)
    {
        component.setSize (width, height);
        return component.createComponentSnapshot (component.getLocalBounds(), true, 1.0f);
    }

    /** Writes image to build/ui-images/NAME.png. */
    inline void savePng (const juce::Image& image, const juce::String& name)
    {
        juce::FileOutputStream out (uiImageFolder().getChildFile (name + ".png"));
        out.setPosition (0);
        out.truncate();
        juce::PNGImageFormat().writeImageToStream (image, out);
    }

    /** Ana publishes the demo album; Ben is her friend, she his, at a fixed Friends port; each
        checks every 300 ms whether the other is online. */
    struct TwoFriends
    {
        explicit TwoFriends (const std::filesystem::path& root)
            : ana (root / "ana", { "--name", "Ana", "--friends-listen", "127.0.0.1:" + std::to_string (anaFriendsPort), "--presence-interval-ms", "300" }), ben (root / "ben", { "--name", "Ben", "--friends-listen", "127.0.0.1:" + std::to_string (benFriendsPort), "--presence-interval-ms", "300" })
        {
            ana.start();
            ben.start();
            (void) ana.client().addFriend (ben.client().friendCode(), "Ben");
            (void) ben.client().addFriend (ana.client().friendCode(), "Ana");
            for (const auto* stem : { "01-first-light", "02-paper-lanterns", "03-neon-tide" })
                album.push_back (ana.client().publish ({ (demoAlbum ("flac") / (std::string (stem) + ".flac")).string() }).front());
        }

        int anaFriendsPort = freeLoopbackPort();
        int benFriendsPort = freeLoopbackPort();
        DaemonProcess ana;
        DaemonProcess ben;
        std::vector<ClientTrack> album;
    };
} // namespace earshot::testing
