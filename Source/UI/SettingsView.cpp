#include "SettingsView.h"

#include "AutostartEntry.h"
#include "EarshotLookAndFeel.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        constexpr int rowHeight = 44;
        constexpr int labelWidth = 170;
        constexpr int fieldWidth = 260;

        /** A whole number from a field, or nothing when it is not one. */
        std::optional<std::int64_t> wholeNumber (const juce::String& text)
        {
            const auto trimmed = text.trim();
            if (trimmed.isEmpty() || ! trimmed.containsOnly ("0123456789") || trimmed.length() > 12)
                return std::nullopt;
            return trimmed.getLargeIntValue();
        }
    } // namespace

    struct SettingsView::Loaded
    {
        ClientSettings settings;
        juce::String hub, city;
    };

    SettingsView::SettingsView()
    {
        heading.setText ("Settings", juce::dontSendNotification);
        heading.setFont (EarshotLookAndFeel::font (24.0f, true));
        addAndMakeVisible (heading);

        const std::pair<juce::TextEditor*, const char*> rows[] = { { &uploadField, "Upload limit" }, { &downloadField, "Download limit" }, { &portField, "BitTorrent port" }, { &hubField, "Discovery hub" }, { &cityField, "Home city" }, { &dataFolderField, "Data folder" } };
        for (const auto& [field, name] : rows)
        {
            field->setFont (EarshotLookAndFeel::font (14.5f));
            field->setIndents (10, 7);
            field->onReturnKey = [this]
            { apply(); };
            addAndMakeVisible (*field);
            auto* label = labels.add (std::make_unique<juce::Label> (juce::String(), name));
            label->setFont (EarshotLookAndFeel::font (14.5f));
            label->setColour (juce::Label::textColourId, juce::Colour (Palette::textDim));
            label->attachToComponent (field, true);
        }
        uploadField.setInputRestrictions (12, "0123456789");
        downloadField.setInputRestrictions (12, "0123456789");
        portField.setInputRestrictions (6, "0123456789");
        hubField.setTextToShowWhenEmpty ("HOST:PORT, or empty for none", juce::Colour (Palette::textFaint));
        cityField.setTextToShowWhenEmpty ("Your city: its tour dates come first", juce::Colour (Palette::textFaint));
        dataFolderField.setVisible (false);

        autostartToggle.onClick = [this]
        { setStartAtLogin (autostartToggle.getToggleState()); };
        addChildComponent (autostartToggle);

        applyButton.setColour (juce::TextButton::buttonColourId, juce::Colour (Palette::accent));
        applyButton.onClick = [this]
        { apply(); };
        addAndMakeVisible (applyButton);
    }

    SettingsView::~SettingsView()
    {
        *alive = false;
    }

    void SettingsView::setFeed (DaemonFeed* newFeed)
    {
        feed = newFeed;
    }

    void SettingsView::setDataFolder (const juce::String& folder, std::function<void (juce::String)> onChange)
    {
        dataFolderWas = folder;
        dataFolderField.setText (folder, false);
        onDataFolder = std::move (onChange);
        dataFolderField.setVisible (onDataFolder != nullptr);
        resized();
    }

    void SettingsView::setAutostartExecutable (const juce::File& executable)
    {
        autostartExecutable = executable;
        autostartToggle.setVisible (executable != juce::File());
        autostartToggle.setToggleState (AutostartEntry::isEnabled(), juce::dontSendNotification);
        resized();
    }

    void SettingsView::visibilityChanged()
    {
        if (isVisible())
            load();
    }

    void SettingsView::load()
    {
        if (feed == nullptr)
            return;
        auto values = std::make_shared<Loaded>();
        std::weak_ptr<bool> weakAlive = alive;
        feed->perform ([values] (DaemonClient& api)
                       {
            values->settings = api.settings();
            values->hub = juce::String::fromUTF8 (api.hub().address.c_str());
            values->city = juce::String::fromUTF8 (api.homeCity().c_str()); },
                       [this, values, weakAlive] (juce::String failure)
                       {
            if (weakAlive.expired())
                return;
            if (failure.isNotEmpty())
                return showNotice ("Could not read the daemon's settings: " + failure, true);
            fillFrom (*values); });
    }

    void SettingsView::fillFrom (const Loaded& values)
    {
        const auto& transfer = values.settings.transfer;
        uploadField.setText (juce::String (transfer.uploadBytesPerSecond / 1024), false);
        downloadField.setText (juce::String (transfer.downloadBytesPerSecond / 1024), false);
        portField.setText (juce::String (transfer.listenPort), false);
        hubField.setText (values.hub, false);
        cityField.setText (values.city, false);
        hubWas = values.hub;
        cityWas = values.city;
        listeningOn = values.settings.boundPort;
        hasLoaded = true;
        repaint();
    }

    void SettingsView::apply()
    {
        // The app's own first: the data folder is kept for the next start.
        juce::StringArray done;
        const auto folder = dataFolderField.getText().trim();
        if (onDataFolder != nullptr && folder != dataFolderWas)
        {
            if (folder.isEmpty() || ! juce::File::isAbsolutePath (folder))
                return showNotice ("The data folder must be a full path, like /home/you/Music/Earshot", true);
            dataFolderWas = folder;
            onDataFolder (folder);
            done.add ("The data folder takes effect when earshot-app next starts");
        }

        if (feed == nullptr || ! hasLoaded)
        {
            if (! done.isEmpty())
                return showNotice (done.joinIntoString (". "), false);
            return showNotice ("The daemon's settings have not been read yet: is earshotd running?", true);
        }

        const auto upload = wholeNumber (uploadField.getText());
        const auto download = wholeNumber (downloadField.getText());
        const auto port = wholeNumber (portField.getText());
        if (! upload)
            return showNotice ("The upload limit '" + uploadField.getText() + "' is not a whole number of KiB/s (0 for none)", true);
        if (! download)
            return showNotice ("The download limit '" + downloadField.getText() + "' is not a whole number of KiB/s (0 for none)", true);
        if (! port)
            return showNotice ("The BitTorrent port '" + portField.getText() + "' is not a number (1 to 65535, or 0 for a free one)", true);

        TransferSettings transfer;
        transfer.uploadBytesPerSecond = *upload * 1024;
        transfer.downloadBytesPerSecond = *download * 1024;
        transfer.listenPort = static_cast<int> (juce::jmin<std::int64_t> (*port, 1'000'000));
        const auto hub = hubField.getText().trim();
        const auto city = cityField.getText().trim();
        const bool hubChanged = hub != hubWas;
        const bool cityChanged = city != cityWas;

        auto values = std::make_shared<Loaded>();
        std::weak_ptr<bool> weakAlive = alive;
        feed->perform ([transfer, hub, city, hubChanged, cityChanged, values] (DaemonClient& api)
                       {
            // Each refusal names the setting it is about.
            const auto step = [] (const char* what, const std::function<void()>& call)
            {
                try
                {
                    call();
                }
                catch (const Error& e)
                {
                    throw Error (e.code(), std::string (what) + ": " + e.what());
                }
            };
            step ("Limits and port", [&]
                  { (void) api.setSettings (transfer); });
            if (hubChanged)
                step ("Discovery hub", [&]
                      { api.setHub (hub.toStdString()); });
            if (cityChanged)
                step ("Home city", [&]
                      { api.setHomeCity (city.toStdString()); });
            values->settings = api.settings();
            values->hub = juce::String::fromUTF8 (api.hub().address.c_str());
            values->city = juce::String::fromUTF8 (api.homeCity().c_str()); },
                       [this, values, weakAlive, done] (juce::String failure) mutable
                       {
            if (weakAlive.expired())
                return;
            if (failure.isNotEmpty())
                return showNotice (failure, true);
            fillFrom (*values);
            done.insert (0, "Applied: the limits and the port are in force now, and kept when earshotd restarts");
            showNotice (done.joinIntoString (". "), false); });
    }

    void SettingsView::setStartAtLogin (bool start)
    {
        autostartToggle.setToggleState (start, juce::dontSendNotification);
        if (const auto failure = AutostartEntry::setEnabled (start, autostartExecutable); failure.isNotEmpty())
        {
            autostartToggle.setToggleState (! start, juce::dontSendNotification);
            return showNotice (failure, true);
        }
        showNotice (start ? "Earshot starts when you log in (" + AutostartEntry::file().getFullPathName() + ")" : "Earshot no longer starts when you log in", false);
    }

    void SettingsView::showNotice (const juce::String& text, bool isError)
    {
        noticeText = text;
        noticeError = isError;
        repaint();
        if (onNotice)
            onNotice (text, isError);
    }

    void SettingsView::paint (juce::Graphics& g)
    {
        g.setFont (EarshotLookAndFeel::font (13.0f));
        g.setColour (juce::Colour (Palette::textFaint));
        const std::pair<juce::TextEditor*, juce::String> hints[] = {
            { &uploadField, "KiB/s, 0 for none" },
            { &downloadField, "KiB/s, 0 for none" },
            { &portField, listeningOn > 0 ? "Peers reach you here; 0 picks a free one. Listening on " + juce::String (listeningOn) : "Peers reach you here; 0 picks a free one" },
            { &hubField, "Charts, artist pages and search come from it" },
            { &cityField, "Tour dates there come first" },
            { &dataFolderField, "Takes effect when earshot-app next starts" }
        };
        for (const auto& [field, hint] : hints)
            if (field->isVisible())
                g.drawFittedText (hint, field->getBounds().withX (field->getRight() + 12).withRight (getWidth() - 20), juce::Justification::centredLeft, 2, 0.9f);

        if (noticeText.isNotEmpty())
        {
            g.setColour (juce::Colour (noticeError ? Palette::danger : Palette::positive));
            g.setFont (EarshotLookAndFeel::font (14.0f));
            g.drawFittedText (noticeText, noticeArea, juce::Justification::topLeft, 3, 0.9f);
        }
    }

    void SettingsView::resized()
    {
        auto area = getLocalBounds().reduced (24, 16);
        heading.setBounds (area.removeFromTop (40));
        area.removeFromTop (8);
        for (auto* field : { &uploadField, &downloadField, &portField, &hubField, &cityField, &dataFolderField })
        {
            if (! field->isVisible())
                continue;
            auto row = area.removeFromTop (rowHeight);
            field->setBounds (row.withTrimmedLeft (labelWidth).withWidth (juce::jmin (fieldWidth, juce::jmax (120, row.getWidth() - labelWidth - 160))).reduced (0, 5));
        }
        if (autostartToggle.isVisible())
            autostartToggle.setBounds (area.removeFromTop (rowHeight).withTrimmedLeft (labelWidth).withWidth (320).reduced (0, 8));
        area.removeFromTop (8);
        applyButton.setBounds (area.removeFromTop (36).withTrimmedLeft (labelWidth).withWidth (110));
        area.removeFromTop (10);
        noticeArea = area.removeFromTop (64).withTrimmedLeft (labelWidth);
    }
} // namespace earshot
