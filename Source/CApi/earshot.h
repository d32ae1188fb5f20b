/* earshot.h: Earshot for games and apps, in C.

   Connect to the local earshotd, list and search its library, and play a track while it is still
   arriving from the swarm: open it without blocking, poll its state (as FMOD's open-state API
   does), and pull interleaved float PCM at your own sample rate from any thread, without blocking.

   Threading: every call may be made from any thread. earshot_read() never blocks, allocates or
   locks, so it can run on an audio thread; call it from one thread at a time per track. */
#ifndef EARSHOT_H
#define EARSHOT_H

#ifdef __cplusplus
extern "C"
{
#endif

    typedef struct earshot_client earshot_client;
    typedef struct earshot_track earshot_track;

    /* The player's states, in the order of earshot::PlayerState. */
    typedef enum
    {
        EARSHOT_IDLE = 0,
        EARSHOT_CONNECTING,
        EARSHOT_BUFFERING,
        EARSHOT_PLAYING,
        EARSHOT_STARVING,
        EARSHOT_PAUSED,
        EARSHOT_ENDED,
        EARSHOT_FAILED
    } earshot_open_state;

    typedef struct
    {
        char id[41]; /* the track id: 40 hex digits */
        char title[256];
        char artist[256];
        char album[256];
        char genre[64];
        double duration_seconds;
        double downloaded; /* 0 to 1 */
    } earshot_track_info;

    /* Why the last call on this thread failed, or "" . */
    const char* earshot_last_error (void);

    /* Connects to earshotd at address ("unix:/path" or "host:port"; NULL for the default socket).
   Waits up to timeout_ms for it to answer. NULL on failure (see earshot_last_error). */
    earshot_client* earshot_connect (const char* address, int timeout_ms);
    void earshot_disconnect (earshot_client* client);

    /* Fills up to capacity tracks whose title, artist, album or genre contains search (any case; NULL
   or "" lists everything). Returns how many matched (which may be more than capacity), or -1. */
    int earshot_list (earshot_client* client, const char* search, earshot_track_info* out, int capacity);

    /* Starts playing a track (id or unique prefix) from its start, for output at sample_rate with
   channels channels (1 or 2). Returns at once; poll earshot_state. NULL on failure. */
    earshot_track* earshot_open (earshot_client* client, const char* track_id, int sample_rate, int channels);

    /* The track's state; any pointer may be NULL. percent_buffered: how full the player's buffer is
   (0 to 100); starving: 1 while the buffer has run dry during playback. */
    earshot_open_state earshot_state (earshot_track* track, double* buffered_seconds, double* percent_buffered, int* starving);

    /* Why the track failed (meaningful in EARSHOT_FAILED). */
    const char* earshot_failure (earshot_track* track);

    /* Writes frames frames of interleaved float PCM; silence while nothing is buffered. Never blocks.
   Returns frames, or -1 for a bad argument. */
    int earshot_read (earshot_track* track, float* interleaved, int frames);

    /* Seeks to seconds; returns 0, or -1. Audio from the new position follows in earshot_read. */
    int earshot_seek (earshot_track* track, double seconds);

    /* Stops the track and frees it. */
    void earshot_close (earshot_track* track);

#ifdef __cplusplus
}
#endif

#endif
