// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"
#include "ui/Application.h"

#include <QCoreApplication>

#include <cstdio>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace {

/// The editor parses and checks the model again after every edit, and each check builds and
/// frees tens of megabytes for a big model. glibc hands freed memory back to the kernel as soon
/// as 128 KiB lie free at the top of the heap, and serves blocks from 128 KiB up (rising to
/// 32 MiB as it adapts) with fresh mappings: each run then faults every page in again, which
/// costs more than the parse of a mid-sized config (a 0.2 MB tfjs model: 0.40 ms, 0.11 ms
/// without). Blocks up to 32 MiB come from the heap and up to 64 MiB of free heap is kept for
/// the next run; bigger blocks (the arrays of a 100 MB model) are still mapped and unmapped.
void keepFreedMemoryForTheNextRun()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

} // namespace

int main(int argc, char** argv)
{
    keepFreedMemoryForTheNextRun();
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (kcs::cli::isCommandLine(args)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("keras-config-studio"));
        QCoreApplication::setApplicationVersion(QStringLiteral(KCS_VERSION));
        QTextStream out(stdout);
        QTextStream err(stderr);
        return kcs::cli::run(args, out, err);
    }
    return kcs::ui::runApplication(argc, argv);
}
