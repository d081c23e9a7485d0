# SPDX-License-Identifier: GPL-3.0-or-later
# kcs_warnings: the warning set every project target links PRIVATE.
add_library(kcs_warnings INTERFACE)
target_compile_options(kcs_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Wno-missing-field-initializers)
if(KCS_WARNINGS_AS_ERRORS)
  target_compile_options(kcs_warnings INTERFACE -Werror)
endif()
