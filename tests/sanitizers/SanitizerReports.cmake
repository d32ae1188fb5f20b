# The sanitizer builds' report check (tests/CMakeLists.txt): MODE=clear empties REPORTS before the
# first sanitize test; MODE=check fails, printing each one, if any process wrote a report there.
# Reports go to files (log_path) because a daemon's stderr ends in a log its test deletes.

if (MODE STREQUAL "clear")
    file (REMOVE_RECURSE "${REPORTS}")
    file (MAKE_DIRECTORY "${REPORTS}")
    return()
endif()

file (GLOB reports "${REPORTS}/*")
if (NOT reports)
    message ("No sanitizer report in ${REPORTS}")
    return()
endif()

foreach (report IN LISTS reports)
    file (READ "${report}" text)
    message ("==== ${report}\n${text}")
endforeach()
list (LENGTH reports count)
message (FATAL_ERROR "${count} sanitizer report(s) in ${REPORTS}: each names the program (its file name) and what it found")
