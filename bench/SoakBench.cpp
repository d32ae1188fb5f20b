// A swarm of friends' daemons run for a long stretch under a scripted random schedule, then audited:
// passes sent between friends, listens (a whole track through Stream, checked byte for byte, then
// ReportListening past the threshold so that receipts and points flow), kill -9 of random daemons
// and restarts on the same data folder, tracks removed and added again. After a quiet period for
// delivery: every pass delivered exactly once, every receipt credited once, every complete track's
// file identical to the original, no stream left with deadlines, and what the survivors hold.
// Prints the tally and every discrepancy as a finding; exits 1 when there is one. Never on time.
//
//   earshot_soak_bench [--minutes M] [--daemons N] [--seed S] [--quiet-timeout SECONDS]

#include "BenchFigures.h"
#include "ProcessFigures.h"
#include "Support/DaemonProcess.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    constexpr std::int64_t directPoints = 10;
    constexpr std::int64_t chainPoints = 1;

    /** A track of the swarm: published by a few daemons, fetched by the others. */
    struct SoakTrack
    {
        TrackManifest manifest;
        std::string bytes;
        std::set<int> publishers;
    };

    /** A pass as the schedule sent it. */
    struct SentPass
    {
        int from = 0;
        int to = 0;
        int track = 0;
        /** Sent by a daemon that had the track from a pass itself: its receipt earns one hop up. */
        bool forwarded = false;
    };

    /** One daemon of the swarm at fixed ports, so that friends and peers reach it across restarts. */
    struct Member
    {
        std::string name;
        std::string peer;
        std::unique_ptr<DaemonProcess> process;
        bool busy = false; ///< a listen runs on it: it is neither killed nor has tracks removed
        std::optional<Clock::time_point> restartAt;
    };

    /** What the run did, for the tally and the audit. Guarded by Soak::mutex. */
    struct Tally
    {
        std::map<std::string, SentPass> passes;
        std::map<std::string, int> receipts; ///< pass id -> receipts ReportListening said it sent (1 expected)
        int sendFailures = 0, kills = 0, restarts = 0, removals = 0, additions = 0;
        int listens = 0, listenFailures = 0, stalls = 0;
        std::uint64_t bytesStreamed = 0;
        std::vector<std::string> findings;
    };

    class Soak final
    {
    public:
        Soak (int daemonCount, unsigned seed)
            : random (seed)
        {
            for (int i = 0; i < daemonCount; ++i)
            {
                auto& member = members.emplace_back();
                member.name = "D" + std::to_string (i);
                const auto btPort = freeLoopbackPort();
                member.peer = "127.0.0.1:" + std::to_string (btPort);
                member.process = std::make_unique<DaemonProcess> (root.path() / member.name, std::vector<std::string> { "--name", member.name, "--bt-port", std::to_string (btPort), "--friends-listen", "127.0.0.1:" + std::to_string (freeLoopbackPort()) });
                member.process->start();
            }
            for (auto& a : members)
                for (auto& b : members)
                    if (&a != &b)
                        (void) a.process->client().addFriend (b.process->client().friendCode(), b.name);

            // The test media and the demo album's Ogg tracks, each published by two daemons.
            std::vector<std::filesystem::path> files { testMedia ("excerpt.ogg"), testMedia ("excerpt.mp3"), testMedia ("excerpt.flac") };
            for (const auto& entry : std::filesystem::directory_iterator (demoAlbum ("ogg")))
                files.push_back (entry.path());
            std::sort (files.begin() + 3, files.end());
            for (std::size_t t = 0; t < files.size(); ++t)
            {
                auto& track = tracks.emplace_back();
                track.bytes = readFileBytes (files[t]);
                for (const auto publisher : { static_cast<int> (t) % daemonCount, static_cast<int> (t + 1) % daemonCount })
                {
                    track.manifest = members[static_cast<std::size_t> (publisher)].process->client().publish ({ files[t].string() }).front().manifest;
                    track.publishers.insert (publisher);
                }
            }
        }

        ~Soak()
        {
            for (auto& worker : workers)
                worker.thread.join();
        }

        Soak (const Soak&) = delete;
        Soak& operator= (const Soak&) = delete;

        [[nodiscard]] std::size_t trackCount() const noexcept { return tracks.size(); }

        /** Runs the schedule until `until`: one event every 0.2 to 1.5 s. */
        void run (Clock::time_point until)
        {
            while (Clock::now() < until)
            {
                restartDue();
                const auto roll = std::uniform_int_distribution<int> (0, 99) (random);
                try
                {
                    if (roll < 50)
                        sendPass();
                    else if (roll < 75)
                        startListen();
                    else if (roll < 85)
                        killOne();
                    else
                        removeOrAdd();
                }
                catch (const std::exception& error)
                {
                    note (std::string ("a call to a running daemon failed: ") + error.what());
                }
                std::this_thread::sleep_for (std::chrono::milliseconds (std::uniform_int_distribution<int> (200, 1500) (random)));
            }
            for (auto& worker : workers)
                worker.thread.join();
            workers.clear();
            for (auto& member : members)
                if (! member.process->running())
                    restart (member);
        }

        /** Waits until every outbox holds only delivered messages; false at the time-out. */
        bool waitForDelivery (std::chrono::seconds timeout)
        {
            return waitUntil ([&]
                              {
                for (auto& member : members)
                    for (const auto& message : member.process->client().listOutbox())
                        if (message.state != "delivered")
                            return false;
                return true; },
                              timeout,
                              std::chrono::seconds (2));
        }

        /** Checks what the swarm holds against what the schedule did; prints the tally and findings. */
        int audit (std::chrono::seconds quietTimeout)
        {
            const bool delivered = waitForDelivery (quietTimeout);
            std::this_thread::sleep_for (std::chrono::seconds (3)); // a credit racing the last delivery lands
            auto& findings = tally.findings;
            if (! delivered)
                findings.push_back ("outboxes still held undelivered messages after the quiet period");

            // Passes: each member's inbox against what was sent to it.
            std::map<int, std::multiset<std::string>> filed;
            for (std::size_t i = 0; i < members.size(); ++i)
                for (const auto& entry : members[i].process->client().listInbox().first)
                    filed[static_cast<int> (i)].insert (entry.passId);
            int deliveredPasses = 0, duplicates = 0, lost = 0, strangers = 0;
            for (const auto& [id, pass] : tally.passes)
            {
                const auto copies = filed[pass.to].count (id);
                deliveredPasses += copies > 0 ? 1 : 0;
                duplicates += copies > 1 ? static_cast<int> (copies) - 1 : 0;
                if (copies == 0)
                {
                    ++lost;
                    findings.push_back ("pass " + id + " from " + members[static_cast<std::size_t> (pass.from)].name + " to " + members[static_cast<std::size_t> (pass.to)].name + " was never filed");
                }
            }
            for (const auto& [to, ids] : filed)
                for (const auto& id : ids)
                    if (tally.passes.count (id) == 0)
                        ++strangers;
            if (duplicates > 0 || strangers > 0)
                findings.push_back (std::to_string (duplicates) + " passes were filed twice, " + std::to_string (strangers) + " filed that nobody sent");
            for (auto& member : members)
                for (const auto& message : member.process->client().listOutbox())
                    if (message.kind == "pass" && tally.passes.count (message.messageId) == 0)
                        findings.push_back (member.name + "'s outbox holds pass " + message.messageId + " the schedule never sent");

            // Points: a direct credit for each receipt, one hop up for each receipt of a forwarded pass.
            std::map<int, std::int64_t> expectedDirect;
            std::int64_t expectedChain = 0, chainTotal = 0;
            int receipts = 0;
            for (const auto& [id, count] : tally.receipts)
            {
                receipts += count;
                if (count != 1)
                    findings.push_back ("ReportListening sent " + std::to_string (count) + " receipts for pass " + id);
                const auto pass = tally.passes.find (id);
                if (pass == tally.passes.end())
                {
                    findings.push_back ("ReportListening sent a receipt for pass " + id + ", which nobody sent");
                    continue;
                }
                expectedDirect[pass->second.from] += directPoints;
                expectedChain += pass->second.forwarded ? chainPoints : 0;
            }
            for (std::size_t i = 0; i < members.size(); ++i)
            {
                const auto [balance, entries] = members[i].process->client().points();
                std::int64_t sum = 0, direct = 0;
                std::set<std::string> credited;
                for (const auto& entry : entries)
                {
                    sum += entry.points;
                    if (entry.points == directPoints)
                    {
                        direct += entry.points;
                        if (! credited.insert (entry.passId).second)
                            findings.push_back (members[i].name + " was credited twice for pass " + entry.passId);
                        if (tally.receipts.count (entry.passId) == 0)
                            findings.push_back (members[i].name + " was credited for pass " + entry.passId + ", which no listen earned");
                    }
                    else
                    {
                        chainTotal += entry.points;
                    }
                }
                if (sum != balance)
                    findings.push_back (members[i].name + "'s balance " + std::to_string (balance) + " is not the sum of its ledger, " + std::to_string (sum));
                if (direct != expectedDirect[static_cast<int> (i)])
                    findings.push_back (members[i].name + " holds " + std::to_string (direct) + " direct points; its passes' receipts earned " + std::to_string (expectedDirect[static_cast<int> (i)]));
            }
            if (chainTotal != expectedChain)
                findings.push_back ("the swarm holds " + std::to_string (chainTotal) + " chain points; receipts of forwarded passes earned " + std::to_string (expectedChain));

            // Files and streams: every complete track is the original's bytes; no deadline is left.
            std::uint64_t bytesVerified = 0;
            int filesVerified = 0;
            for (auto& member : members)
                for (const auto& track : member.process->client().listTracks())
                {
                    const auto* original = findTrack (track.manifest.infoHashHex);
                    if (original != nullptr && isComplete (track))
                    {
                        if (readFileBytes (track.path) != original->bytes)
                            findings.push_back (member.name + "'s copy of " + track.manifest.fileName + " differs from the original");
                        bytesVerified += original->bytes.size();
                        ++filesVerified;
                    }
                    if (track.status && ! track.status->deadlinePieces.empty())
                        findings.push_back (member.name + " still has " + std::to_string (track.status->deadlinePieces.size()) + " stream deadlines on " + track.manifest.fileName);
                }

            std::printf ("\n%-34s %8s\n", "tally", "");
            std::printf ("%-34s %8zu\n", "passes sent", tally.passes.size());
            std::printf ("%-34s %8d\n", "passes delivered (filed once)", deliveredPasses - duplicates);
            std::printf ("%-34s %8d\n", "passes filed twice", duplicates);
            std::printf ("%-34s %8d\n", "passes lost", lost);
            std::printf ("%-34s %8d\n", "SendPass calls refused", tally.sendFailures);
            std::printf ("%-34s %8d\n", "receipts sent", receipts);
            std::printf ("%-34s %8lld / %lld\n", "direct / chain points expected", static_cast<long long> (receipts * directPoints), static_cast<long long> (expectedChain));
            std::printf ("%-34s %8d (%d restarts)\n", "kill -9", tally.kills, tally.restarts);
            std::printf ("%-34s %8d / %d\n", "tracks removed / added again", tally.removals, tally.additions);
            std::printf ("%-34s %8d (%d failed, %d stalled)\n", "listens", tally.listens, tally.listenFailures, tally.stalls);
            std::printf ("%-34s %8.1f MB\n", "bytes streamed and compared", static_cast<double> (tally.bytesStreamed) / 1e6);
            std::printf ("%-34s %8.1f MB in %d files\n", "files verified at the end", static_cast<double> (bytesVerified) / 1e6, filesVerified);

            std::printf ("\n%-6s %6s %8s %10s %10s\n", "daemon", "fds", "threads", "RSS (MB)", "CPU (s)");
            for (auto& member : members)
            {
                const auto sample = sampleProcess (member.process->processId());
                std::printf ("%-6s %6d %8d %10.1f %10.1f\n", member.name.c_str(), sample.fds, sample.threads, static_cast<double> (sample.rssKiB) / 1024.0, sample.cpuSeconds);
            }

            std::printf ("\nfindings: %zu\n", findings.size());
            for (const auto& finding : findings)
                std::printf ("  - %s\n", finding.c_str());
            return findings.empty() ? 0 : 1;
        }

    private:
        const SoakTrack* findTrack (const std::string& infoHash) const
        {
            for (const auto& track : tracks)
                if (track.manifest.infoHashHex == infoHash)
                    return &track;
            return nullptr;
        }

        int pick (int count) { return std::uniform_int_distribution<int> (0, count - 1) (random); }

        /** A running member (idle ones only when idleOnly), or -1. */
        int pickMember (bool idleOnly)
        {
            std::lock_guard lock (mutex);
            std::vector<int> candidates;
            for (std::size_t i = 0; i < members.size(); ++i)
                if (members[i].process->running() && ! (idleOnly && members[i].busy))
                    candidates.push_back (static_cast<int> (i));
            return candidates.empty() ? -1 : candidates[static_cast<std::size_t> (pick (static_cast<int> (candidates.size())))];
        }

        void note (const std::string& finding)
        {
            std::lock_guard lock (mutex);
            tally.findings.push_back (finding);
        }

        std::vector<std::string> peersOf (const SoakTrack& track) const
        {
            std::vector<std::string> peers;
            for (const auto publisher : track.publishers)
                peers.push_back (members[static_cast<std::size_t> (publisher)].peer);
            return peers;
        }

        /** A pass of a track the sender published, or one it was passed (then it is forwarded).
            Never to a publisher of the track, so that a publisher's passes start no chain. */
        void sendPass()
        {
            const auto from = pickMember (false);
            if (from < 0)
                return;
            auto& sender = *members[static_cast<std::size_t> (from)].process;
            try
            {
                std::vector<std::pair<int, bool>> choices; // track, forwarded
                for (std::size_t t = 0; t < tracks.size(); ++t)
                    if (tracks[t].publishers.count (from) > 0)
                        choices.emplace_back (static_cast<int> (t), false);
                std::set<int> passedHere;
                for (const auto& entry : sender.client().listInbox().first)
                    if (const auto* track = findTrack (entry.manifest.infoHashHex))
                        passedHere.insert (static_cast<int> (track - tracks.data()));
                for (const auto t : passedHere)
                    choices.emplace_back (t, true);
                if (choices.empty())
                    return;
                const auto [track, forwarded] = choices[static_cast<std::size_t> (pick (static_cast<int> (choices.size())))];
                std::vector<int> recipients;
                for (int i = 0; i < static_cast<int> (members.size()); ++i)
                    if (i != from && tracks[static_cast<std::size_t> (track)].publishers.count (i) == 0)
                        recipients.push_back (i);
                const auto to = recipients[static_cast<std::size_t> (pick (static_cast<int> (recipients.size())))];
                const auto id = sender.client().sendPass (tracks[static_cast<std::size_t> (track)].manifest.infoHashHex, members[static_cast<std::size_t> (to)].name, "soak");
                std::lock_guard lock (mutex);
                tally.passes[id] = { from, to, track, forwarded };
            }
            catch (const Error&)
            {
                // The sender removed the track it was passed: nothing was sent.
                std::lock_guard lock (mutex);
                ++tally.sendFailures;
            }
        }

        /** On a worker: a track from the member's inbox (or any) streamed whole and compared, then
            ReportListening past its threshold. At most three at once. */
        void startListen()
        {
            // Finished listens are joined; a busy swarm skips the event rather than wait.
            for (auto it = workers.begin(); it != workers.end();)
            {
                if (*it->finished)
                {
                    it->thread.join();
                    it = workers.erase (it);
                }
                else
                {
                    ++it;
                }
            }
            if (workers.size() >= 3)
                return;
            const auto who = pickMember (true);
            if (who < 0)
                return;
            auto& member = members[static_cast<std::size_t> (who)];
            auto inbox = member.process->client().listInbox().first;
            const auto* track = inbox.empty() ? &tracks[static_cast<std::size_t> (pick (static_cast<int> (tracks.size())))]
                                              : findTrack (inbox[static_cast<std::size_t> (pick (static_cast<int> (inbox.size())))].manifest.infoHashHex);
            if (track == nullptr)
                return;
            {
                std::lock_guard lock (mutex);
                member.busy = true;
            }
            auto finished = std::make_shared<std::atomic<bool>> (false);
            workers.push_back ({ std::thread ([this, &member, track, finished]
                                              {
                                                  listen (member, *track);
                                                  *finished = true; }),
                                 finished });
        }

        void listen (Member& member, const SoakTrack& track)
        {
            auto& client = member.process->client();
            try
            {
                (void) client.addTrack ({ track.manifest, std::nullopt, std::nullopt }, peersOf (track));
                std::string bytes;
                DaemonClient::StreamOptions options;
                options.stallTimeout = std::chrono::seconds (60);
                (void) client.stream (track.manifest.infoHashHex, options, [&] (std::uint64_t, std::string_view data, std::uint64_t)
                                      {
                    bytes.append (data);
                    return true; });
                if (bytes != track.bytes)
                    note (member.name + " streamed " + track.manifest.fileName + " and got " + std::to_string (bytes.size()) + " bytes that are not the original's " + std::to_string (track.bytes.size()));
                const auto threshold = std::min<std::int64_t> (30'000, static_cast<std::int64_t> (track.manifest.metadata.durationMs) / 2);
                const auto sent = client.reportListening (track.manifest.infoHashHex, std::chrono::milliseconds (threshold + 1000));
                std::lock_guard lock (mutex);
                ++tally.listens;
                tally.bytesStreamed += bytes.size();
                for (const auto& id : sent)
                    ++tally.receipts[id];
            }
            catch (const Error& error)
            {
                std::lock_guard lock (mutex);
                ++tally.listenFailures;
                if (error.code() == ErrorCode::failedPrecondition)
                    ++tally.stalls;
                tally.findings.push_back (member.name + "'s listen to " + track.manifest.fileName + " failed: " + error.what());
            }
            catch (const std::exception& error)
            {
                std::lock_guard lock (mutex);
                ++tally.listenFailures;
                tally.findings.push_back (member.name + "'s listen to " + track.manifest.fileName + " failed: " + error.what());
            }
            std::lock_guard lock (mutex);
            member.busy = false;
        }

        /** kill -9 of an idle member; it restarts 2 to 8 s later on the same data folder. */
        void killOne()
        {
            const auto who = pickMember (true);
            if (who < 0)
                return;
            auto& member = members[static_cast<std::size_t> (who)];
            std::lock_guard lock (mutex);
            member.process->kill();
            member.restartAt = Clock::now() + std::chrono::milliseconds (std::uniform_int_distribution<int> (2000, 8000) (random));
            ++tally.kills;
        }

        void restart (Member& member)
        {
            try
            {
                member.process->start();
                ++tally.restarts;
            }
            catch (const std::exception& error)
            {
                tally.findings.push_back (member.name + " did not restart: " + error.what());
            }
            member.restartAt.reset();
        }

        void restartDue()
        {
            std::lock_guard lock (mutex);
            for (auto& member : members)
                if (member.restartAt && Clock::now() >= *member.restartAt)
                    restart (member);
        }

        /** An idle member removes a track it fetched (with its file), or adds one back. */
        void removeOrAdd()
        {
            const auto who = pickMember (true);
            if (who < 0)
                return;
            auto& client = members[static_cast<std::size_t> (who)].process->client();
            auto& track = tracks[static_cast<std::size_t> (pick (static_cast<int> (tracks.size())))];
            if (track.publishers.count (who) > 0)
                return;
            std::set<std::string> here;
            for (const auto& held : client.listTracks())
                here.insert (held.id);
            std::lock_guard lock (mutex);
            if (here.count (track.manifest.infoHashHex) > 0)
            {
                client.removeTrack (track.manifest.infoHashHex, true);
                ++tally.removals;
            }
            else
            {
                (void) client.addTrack ({ track.manifest, std::nullopt, std::nullopt }, peersOf (track));
                ++tally.additions;
            }
        }

        TemporaryDirectory root { "earshot-bench-soak" };
        std::mt19937_64 random;
        std::vector<Member> members;
        std::vector<SoakTrack> tracks;
        struct Worker
        {
            std::thread thread;
            std::shared_ptr<std::atomic<bool>> finished;
        };
        std::vector<Worker> workers;
        std::mutex mutex;
        Tally tally;
    };
} // namespace

int main (int argc, char** argv)
{
    CLI::App app ("A swarm of friends' daemons under passes, listens, kills and track churn, then audited");
    double minutes = 30.0;
    int daemons = 10;
    unsigned seed = 20261201;
    int quietTimeoutSeconds = 300;
    app.add_option ("--minutes", minutes, "How long the schedule runs")->capture_default_str()->check (CLI::PositiveNumber);
    app.add_option ("--daemons", daemons, "Daemons in the swarm, friends of each other")->capture_default_str()->check (CLI::Range (3, 50));
    app.add_option ("--seed", seed, "Seed of the schedule")->capture_default_str();
    app.add_option ("--quiet-timeout", quietTimeoutSeconds, "Longest wait at the end for every outbox to be delivered")->capture_default_str()->check (CLI::PositiveNumber);
    CLI11_PARSE (app, argc, argv);
    std::setvbuf (stdout, nullptr, _IOLBF, 0);

    const auto command = commandLineOf (argc, argv);
    std::printf ("command: %s\n", command.c_str());

    Soak soak (daemons, seed);
    std::printf ("swarm: %d earshotd on loopback, friends of each other (all pairs), %zu tracks each published by two\n"
                 "schedule: seed %u, %.1f minutes, an event every 0.2-1.5 s: 50%% passes, 25%% listens (whole track streamed\n"
                 "          and compared, then ReportListening past the threshold), 10%% kill -9 (restart 2-8 s later),\n"
                 "          15%% a fetched track removed with its file or added back\n",
                 daemons,
                 soak.trackCount(),
                 seed,
                 minutes);
    const auto started = Clock::now();
    soak.run (started + std::chrono::milliseconds (static_cast<long long> (minutes * 60'000.0)));
    std::printf ("schedule done after %.1f minutes; quiet period for delivery (at most %d s)\n", millisecondsBetween (started, Clock::now()) / 60'000.0, quietTimeoutSeconds);
    return soak.audit (std::chrono::seconds (quietTimeoutSeconds));
}
