# ms_arch.cmake - the instruction set the build targets (MLSWEEP_ARCH), and floating-point
# contraction off whatever the compiler's default.
#
# -ffp-contract=off: a*b+c stays two roundings, so result bits do not depend on the compiler
# (clang contracts into FMA by default, GCC in its GNU modes) nor on the instruction set: the
# x86-64-v3 build gives the same bits as the x86-64 baseline (docs/performance.md).
#
# MLSWEEP_ARCH: auto (default), x86-64-v3, x86-64-v2, x86-64 or none (no -march flag).
# auto takes the highest level that the compiler accepts and the build host's CPU runs: v3
# (AVX2, BMI2: wider stores for result clearing and copies, ~15-25% on full solves) where it
# can, else v2 (SSE4.2: floor and ceil in one instruction). A binary built for a level its CPU
# lacks says so and exits 2 (engine/cpu_guard.c) rather than dying of SIGILL mid-sweep: on a
# cluster whose nodes differ from the build host, configure with the nodes' level.
include(CheckCCompilerFlag)
check_c_compiler_flag(-ffp-contract=off MS_HAS_FP_CONTRACT_OFF)
if(MS_HAS_FP_CONTRACT_OFF)
  add_compile_options(-ffp-contract=off)
endif()

set(MLSWEEP_ARCH auto CACHE STRING "Instruction set: auto, x86-64-v3, x86-64-v2, x86-64 or none")
set_property(CACHE MLSWEEP_ARCH PROPERTY STRINGS auto x86-64-v3 x86-64-v2 x86-64 none)
set(MS_ARCH_LEVEL 0) # 0: no x86-64 level asked for (or not x86-64): the guard checks nothing
set(MS_ARCH_FLAG "")
set(MS_IS_X86_64 OFF)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(MS_IS_X86_64 ON)
endif()

if(MLSWEEP_ARCH STREQUAL "auto")
  if(MS_IS_X86_64 AND NOT CMAKE_CROSSCOMPILING)
    foreach(level 3 2)
      check_c_compiler_flag(-march=x86-64-v${level} MS_HAS_X86_64_V${level})
      if(MS_HAS_X86_64_V${level})
        # does this host run the level? (the guard's own test, on the build machine)
        if(NOT DEFINED MS_HOST_RUNS_V${level})
          try_run(ms_run ms_compiled ${CMAKE_BINARY_DIR}/CMakeFiles/ms_arch_v${level}
                  SOURCES ${CMAKE_SOURCE_DIR}/cmake/ms_arch_probe.c
                          ${CMAKE_SOURCE_DIR}/engine/cpu_guard.c
                  CMAKE_FLAGS -DINCLUDE_DIRECTORIES=${CMAKE_SOURCE_DIR}/engine
                  COMPILE_DEFINITIONS -DMS_ARCH_LEVEL=${level})
          set(ms_ok OFF)
          if(ms_compiled AND ms_run EQUAL 0)
            set(ms_ok ON)
          endif()
          set(MS_HOST_RUNS_V${level} ${ms_ok} CACHE INTERNAL "the build host runs x86-64-v${level}")
        endif()
        if(MS_HOST_RUNS_V${level})
          set(MS_ARCH_LEVEL ${level})
          break()
        endif()
      endif()
    endforeach()
  endif()
elseif(MLSWEEP_ARCH MATCHES "^x86-64(-v([23]))?$")
  if(NOT MS_IS_X86_64)
    message(FATAL_ERROR "MLSWEEP_ARCH=${MLSWEEP_ARCH} on a ${CMAKE_SYSTEM_PROCESSOR} host: "
                        "use auto or none")
  endif()
  set(MS_ARCH_LEVEL 1)
  if(CMAKE_MATCH_2)
    set(MS_ARCH_LEVEL ${CMAKE_MATCH_2})
  endif()
elseif(NOT MLSWEEP_ARCH STREQUAL "none")
  message(FATAL_ERROR "MLSWEEP_ARCH=${MLSWEEP_ARCH}: expected auto, x86-64-v3, x86-64-v2, "
                      "x86-64 or none")
endif()

if(MS_ARCH_LEVEL EQUAL 1)
  set(MS_ARCH_FLAG -march=x86-64)
elseif(MS_ARCH_LEVEL GREATER 1)
  set(MS_ARCH_FLAG -march=x86-64-v${MS_ARCH_LEVEL})
endif()
if(MS_ARCH_FLAG)
  add_compile_options(${MS_ARCH_FLAG})
  set(MS_ARCH_NAME ${MS_ARCH_FLAG})
  string(REPLACE "-march=" "" MS_ARCH_NAME ${MS_ARCH_NAME})
else()
  set(MS_ARCH_NAME "${CMAKE_SYSTEM_PROCESSOR} (compiler default)")
endif()
message(STATUS "mlsweep: instruction set ${MS_ARCH_NAME} (MLSWEEP_ARCH=${MLSWEEP_ARCH})")
