# Runs PROGRAM with ARGS (a ;-list) and writes what it prints to OUTPUT; stops the build, with the
# program's error output, when it fails. For build steps whose output is a program's standard output.
#
#   cmake -DPROGRAM=... -DARGS=... -DOUTPUT=... -P RunToFile.cmake

execute_process (
    COMMAND "${PROGRAM}" ${ARGS}
    OUTPUT_FILE "${OUTPUT}.part"
    ERROR_VARIABLE errors
    RESULT_VARIABLE result)

if (NOT result EQUAL 0)
    file (REMOVE "${OUTPUT}.part")
    message (FATAL_ERROR "${PROGRAM} ${ARGS} failed (${result}): ${errors}")
endif()

file (RENAME "${OUTPUT}.part" "${OUTPUT}")
