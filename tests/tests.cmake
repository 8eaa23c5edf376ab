# Every test is data or a small program found by name:
#   tests/unit/test_NAME.c       a unit test program (exit 0 = pass)
#   tests/fuzz/fuzz_NAME.c       a fuzz target, replayed over tests/fuzz/corpus/NAME/
#   tests/sh/NAME.sh             a shell test driving the marche program
set(MARCHE_TEST_ENV
  "MARCHE_BIN=$<TARGET_FILE:marche>"
  "MARCHE_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
  "MARCHE_POT=${CMAKE_BINARY_DIR}/po/marche.pot"
  "MARCHE_SPEC_DIR=${MARCHE_SHARED_DIR}/conformance/mustache-spec"
  "MARCHE_SHARED_DIR=${MARCHE_SHARED_DIR}"
  "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1"
  "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")

file(GLOB MARCHE_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${MARCHE_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE marche_core)
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES ENVIRONMENT "${MARCHE_TEST_ENV}")
endforeach()

# Targets that need a whole site share tests/fuzz/support/ and read the
# base site of the check fixtures at run time.
file(GLOB MARCHE_FUZZ_SUPPORT CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/support/*.c)
set(MARCHE_FUZZ_DEFS "MARCHE_FUZZ_BASE=\"${CMAKE_SOURCE_DIR}/tests/check/_base\"")
file(GLOB MARCHE_FUZZ_TARGETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${MARCHE_FUZZ_TARGETS})
  get_filename_component(name ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" corpus ${name})
  add_executable(${name}_replay ${src} ${CMAKE_SOURCE_DIR}/tests/fuzz/replay.c
                 ${MARCHE_FUZZ_SUPPORT})
  target_link_libraries(${name}_replay PRIVATE marche_core)
  target_include_directories(${name}_replay PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz)
  target_compile_definitions(${name}_replay PRIVATE ${MARCHE_FUZZ_DEFS})
  add_test(NAME fuzz/${name} COMMAND ${name}_replay
           ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${corpus})
  set_tests_properties(fuzz/${name} PROPERTIES ENVIRONMENT "${MARCHE_TEST_ENV}")
  if(MARCHE_LIBFUZZER)
    add_executable(${name} ${src} ${MARCHE_FUZZ_SUPPORT})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE marche_core)
    target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz)
    target_compile_definitions(${name} PRIVATE ${MARCHE_FUZZ_DEFS})
  endif()
endforeach()

file(GLOB MARCHE_SH_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/sh/*.sh)
foreach(src ${MARCHE_SH_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME sh/${name} COMMAND sh ${src})
  set_tests_properties(sh/${name} PROPERTIES ENVIRONMENT "${MARCHE_TEST_ENV}")
endforeach()
