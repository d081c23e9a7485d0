# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DCORE_DIR=<dir> -P CheckCoreIncludes.cmake
# Fails when any file under core/ includes a GUI header: kcs_core links Qt6::Core only, but a
# transitive link could let such an include compile, so the rule is checked on the text.
file(GLOB_RECURSE files "${CORE_DIR}/*.h" "${CORE_DIR}/*.cpp")
set(bad "")
foreach(f IN LISTS files)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](QtGui|QtWidgets|QtSvg|QtPrintSupport|Qsci|QWidget|QApplication|QGuiApplication|QPainter|QImage|QPixmap|QIcon|QColor|QFont|QUndo|QAction|QAbstractItemModel)")
  foreach(l IN LISTS lines)
    list(APPEND bad "${f}: ${l}")
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n" msg)
  message(FATAL_ERROR "core/ must not include GUI headers:\n${msg}")
endif()
list(LENGTH files n)
message(STATUS "core include check: ${n} files, no GUI headers")
