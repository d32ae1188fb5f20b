/* A small C program that uses earshot.h end to end, as a game would: connect, search the library,
   open a track without blocking, poll its state, pull PCM from its own "audio thread" loop, seek,
   close. Usage: capi_example API_ADDRESS SEARCH. Prints what it saw; exits 0 when everything worked. */
#include "earshot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double nowSeconds (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void sleepMs (int ms)
{
    struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
    nanosleep (&ts, NULL);
}

/* Pulls 512-frame blocks in real time until an audible one comes, or timeout_s passes. */
static int pullUntilAudible (earshot_track* track, double timeout_s, double* waited)
{
    static float block[512 * 2];
    const double start = nowSeconds();
    while (nowSeconds() - start < timeout_s)
    {
        if (earshot_read (track, block, 512) != 512)
            return 0;
        for (int i = 0; i < 512 * 2; ++i)
            if (fabsf (block[i]) > 1e-4f)
            {
                *waited = nowSeconds() - start;
                return 1;
            }
        if (earshot_state (track, NULL, NULL, NULL) == EARSHOT_FAILED)
            return 0;
        sleepMs (10);
    }
    return 0;
}

int main (int argc, char** argv)
{
    if (argc < 3)
    {
        fprintf (stderr, "usage: capi_example API_ADDRESS SEARCH\n");
        return 2;
    }

    earshot_client* client = earshot_connect (argv[1], 5000);
    if (client == NULL)
    {
        printf ("connect failed: %s\n", earshot_last_error());
        return 1;
    }

    earshot_track_info found[8];
    const int matched = earshot_list (client, argv[2], found, 8);
    printf ("matched %d\n", matched);
    if (matched < 1)
    {
        printf ("nothing matched '%s': %s\n", argv[2], earshot_last_error());
        return 1;
    }
    printf ("track %s: %s by %s, %.1f s\n", found[0].id, found[0].title, found[0].artist, found[0].duration_seconds);

    earshot_track* track = earshot_open (client, found[0].id, 44100, 2);
    if (track == NULL)
    {
        printf ("open failed: %s\n", earshot_last_error());
        return 1;
    }
    printf ("opened, state %d\n", (int) earshot_state (track, NULL, NULL, NULL));

    double waited = 0.0;
    if (! pullUntilAudible (track, 30.0, &waited))
    {
        printf ("no audio: state %d, %s\n", (int) earshot_state (track, NULL, NULL, NULL), earshot_failure (track));
        return 1;
    }
    double buffered = 0.0, percent = 0.0;
    int starving = 0;
    const earshot_open_state state = earshot_state (track, &buffered, &percent, &starving);
    printf ("first audio after %.0f ms; state %d, buffered %.2f s (%.0f%%), starving %d\n", waited * 1000.0, (int) state, buffered, percent, starving);

    if (earshot_seek (track, found[0].duration_seconds / 2.0) != 0 || ! pullUntilAudible (track, 30.0, &waited))
    {
        printf ("seek failed: %s\n", earshot_failure (track));
        return 1;
    }
    printf ("audio after the seek in %.0f ms\n", waited * 1000.0);

    if (earshot_read (NULL, NULL, 1) != -1 || earshot_open (client, "x", 10, 2) != NULL)
    {
        printf ("bad arguments were not refused\n");
        return 1;
    }
    printf ("bad arguments refused: %s\n", earshot_last_error());

    earshot_close (track);
    earshot_disconnect (client);
    printf ("closed\n");
    return 0;
}
