# Encodes one rendered WAV of the demo album, tagged from the TSV the renderer wrote, so that the
# score in demo/Score stays the only place the titles, keys and tempos are written.
# Run by the build (see ../CMakeLists.txt):
#
#   cmake -DFORMAT=flac|ogg|mp3 -DENCODER=/usr/bin/flac -DTSV=album.tsv -DTRACK=1 -DSTEM=01-first-light
#         -DINPUT=01-first-light.wav -DOUTPUT=flac/01-first-light.flac -P EncodeDemoTrack.cmake
#
# Every format carries the tempo and key: BPM= and INITIALKEY= Vorbis comments in FLAC and Ogg,
# ID3v2 TBPM and TKEY in MP3 (the renderer writes the WAVs' own, see id3v2Tag there). TagLib reads
# all of them as its BPM and INITIALKEY properties.
#
# STEM is the file name the build expects; it must match the TSV row (NN-slug, or the slug alone),
# so a track renamed in the score but not in assets/CMakeLists.txt stops the build here.

foreach (required IN ITEMS FORMAT ENCODER TSV TRACK STEM INPUT OUTPUT)
    if (NOT DEFINED ${required})
        message (FATAL_ERROR "EncodeDemoTrack.cmake: pass -D${required}=... (see the comment at its top)")
    endif()
endforeach()

file (STRINGS "${TSV}" rows)
list (POP_FRONT rows header)
string (REPLACE "\t" ";" columns "${header}")
list (LENGTH columns columnCount)
math (EXPR lastColumn "${columnCount} - 1")
set (found FALSE)

foreach (row IN LISTS rows)
    string (REPLACE "\t" ";" fields "${row}")
    list (GET fields 0 number)

    if (number EQUAL TRACK)
        set (found TRUE)

        foreach (i RANGE ${lastColumn})
            list (GET columns ${i} column)
            list (GET fields ${i} value)
            set ("tag_${column}" "${value}")
        endforeach()
    endif()
endforeach()

if (NOT found)
    message (FATAL_ERROR "${TSV} has no track ${TRACK}: the score (demo/Score/Album.cpp) and the track list in assets/CMakeLists.txt disagree")
endif()

if (tag_track LESS 10)
    set (numberedSlug "0${tag_track}-${tag_slug}")
else()
    set (numberedSlug "${tag_track}-${tag_slug}")
endif()

if (NOT STEM STREQUAL numberedSlug AND NOT STEM STREQUAL tag_slug)
    message (FATAL_ERROR "track ${TRACK} of ${TSV} is \"${numberedSlug}\" but the build expects \"${STEM}\": update the track list in assets/CMakeLists.txt to match the score")
endif()

get_filename_component (outputDir "${OUTPUT}" DIRECTORY)
file (MAKE_DIRECTORY "${outputDir}")
set (partial "${OUTPUT}.partial")

if (FORMAT STREQUAL "flac")
    set (command "${ENCODER}" --best --silent --force --no-preserve-modtime
        -T "TITLE=${tag_title}" -T "ARTIST=${tag_artist}" -T "ALBUM=${tag_album}" -T "GENRE=${tag_genre}"
        -T "DATE=${tag_date}" -T "TRACKNUMBER=${tag_track}" -T "TRACKTOTAL=${tag_tracktotal}"
        -T "BPM=${tag_bpm}" -T "INITIALKEY=${tag_key}"
        -o "${partial}" "${INPUT}")
elseif (FORMAT STREQUAL "ogg")
    set (command "${ENCODER}" -Q -q 5
        -t "${tag_title}" -a "${tag_artist}" -l "${tag_album}" -G "${tag_genre}" -d "${tag_date}" -N "${tag_track}"
        -c "TRACKTOTAL=${tag_tracktotal}" -c "BPM=${tag_bpm}" -c "INITIALKEY=${tag_key}"
        -o "${partial}" "${INPUT}")
elseif (FORMAT STREQUAL "mp3")
    set (command "${ENCODER}" --quiet --preset standard
        --tt "${tag_title}" --ta "${tag_artist}" --tl "${tag_album}" --tg "${tag_genre}" --ty "${tag_date}"
        --tn "${tag_track}/${tag_tracktotal}" --tv "TBPM=${tag_bpm}" --tv "TKEY=${tag_key}"
        "${INPUT}" "${partial}")
else()
    message (FATAL_ERROR "EncodeDemoTrack.cmake: FORMAT must be flac, ogg or mp3, not \"${FORMAT}\"")
endif()

execute_process (COMMAND ${command} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)

if (NOT result EQUAL 0)
    file (REMOVE "${partial}")
    message (FATAL_ERROR "${ENCODER} failed (${result}) encoding ${INPUT} to ${OUTPUT}:\n${output}${errors}")
endif()

# Only a complete file takes the output's name, so an interrupted build encodes again; and it is
# newer than its inputs, so the build does not encode it again for nothing.
file (RENAME "${partial}" "${OUTPUT}")
file (TOUCH_NOCREATE "${OUTPUT}")
