# SPDX-License-Identifier: GPL-3.0-or-later
# kcs_warnings: the warning set every project target links PRIVATE.
add_library(kcs_warnings INTERFACE)
target_compile_options(kcs_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough -Wno-missing-field-initializers
  # GCC 12 at -O2 reports std::optional and small-buffer code it cannot see through as
  # "maybe uninitialized" / "stringop-overflow" (GCC bugs 80635, 105562, 106199): noise only.
  -Wno-maybe-uninitialized -Wno-stringop-overflow)
if(KCS_WARNINGS_AS_ERRORS)
  target_compile_options(kcs_warnings INTERFACE -Werror)
endif()
