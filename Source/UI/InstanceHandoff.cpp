#include "InstanceHandoff.h"

#include <atomic>
#include <cerrno>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace earshot
{
    namespace
    {
        constexpr const char* handoffPattern = "*.args";
    } // namespace

    InstanceHandoff::InstanceHandoff (const juce::File& folder)
        : dir (folder)
    {
        (void) dir.createDirectory();
        const auto lockPath = dir.getChildFile ("instance.lock").getFullPathName();
        const int fd = ::open (lockPath.toRawUTF8(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return; // no lock to be had (an unwritable folder): run as the first instance, alone
        if (::flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
            // Only another instance holding it makes this one hand over.
            first = errno != EWOULDBLOCK;
            ::close (fd);
            return;
        }
        lockFd = fd;
    }

    InstanceHandoff::~InstanceHandoff()
    {
        stopTimer();
        if (lockFd >= 0)
            ::close (lockFd); // drops the lock
    }

    bool InstanceHandoff::handOver (const juce::StringArray& arguments, juce::String& whyNot) const
    {
        // Named so that files sort in the order they were written.
        static std::atomic<int> written { 0 };
        const auto stem = juce::String (juce::Time::currentTimeMillis()).paddedLeft ('0', 15) + "-" + juce::String (++written).paddedLeft ('0', 8) + "-" + juce::String (::getpid()) + "-" + juce::String::toHexString (juce::Random::getSystemRandom().nextInt());
        const auto temporary = dir.getChildFile (stem + ".tmp");
        const auto target = dir.getChildFile (stem + ".args");
        if (! temporary.replaceWithText (arguments.joinIntoString ("\n") + "\n", false, false, "\n") || ! temporary.moveFileTo (target))
        {
            whyNot = "cannot write to " + dir.getFullPathName();
            (void) temporary.deleteFile();
            return false;
        }
        return true;
    }

    void InstanceHandoff::setOnArguments (std::function<void (const juce::StringArray&)> callback)
    {
        onArguments = std::move (callback);
        if (lockFd >= 0 && onArguments)
            startTimer (200);
        else
            stopTimer();
    }

    void InstanceHandoff::checkNow()
    {
        if (lockFd < 0)
            return;
        auto files = dir.findChildFiles (juce::File::findFiles, false, handoffPattern);
        files.sort();
        for (const auto& file : files)
        {
            juce::StringArray arguments;
            arguments.addLines (file.loadFileAsString());
            arguments.removeEmptyStrings();
            (void) file.deleteFile();
            if (onArguments)
                onArguments (arguments);
        }
    }
} // namespace earshot
