// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QScintilla's headers use the `signals`/`slots` keywords, which this project turns off
// (QT_NO_KEYWORDS); spell them out for these headers only.
#ifndef signals
#define signals Q_SIGNALS
#define KCS_UNDEF_SIGNALS
#endif
#ifndef slots
#define slots Q_SLOTS
#define KCS_UNDEF_SLOTS
#endif
#include <Qsci/qscilexerjson.h>
#include <Qsci/qsciscintilla.h>
#ifdef KCS_UNDEF_SIGNALS
#undef signals
#undef KCS_UNDEF_SIGNALS
#endif
#ifdef KCS_UNDEF_SLOTS
#undef slots
#undef KCS_UNDEF_SLOTS
#endif
