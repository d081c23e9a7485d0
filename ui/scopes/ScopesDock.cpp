// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/scopes/ScopesDock.h"

#include "ui/DocumentChecker.h"
#include "ui/InspectorPanel.h"
#include "ui/scopes/ScopeStore.h"
#include "ui/scopes/ScopesPanel.h"

#include <QDockWidget>
#include <QMainWindow>

namespace kcs::ui::scopes {

namespace {

/// The names a check could not resolve, sorted (what the Python import offers). A registered
/// key "pkg>Name" contributes "Name" too: that is the class name in the sources.
QStringList unresolvedNames(const CheckResult& result)
{
    QStringList names;
    for (const keras::Resolution& r : std::as_const(result.lookups)) {
        if (r.source() != keras::ResolutionSource::Unresolved)
            continue;
        names << r.identifier();
        if (r.identifier().contains(QLatin1Char('>')))
            names << r.identifier().section(QLatin1Char('>'), -1);
    }
    names.removeDuplicates();
    names.sort();
    return names;
}

} // namespace

ScopesDock installScopesDock(QMainWindow* window, ConfigDocument* document, DocumentChecker* checker,
                             InspectorPanel* inspector)
{
    ScopesDock out;
    out.store = new ScopeStore(document, window);
    out.panel = new ScopesPanel(out.store, document);
    out.panel->setObjectName(QStringLiteral("scopesPanel"));
    out.dock = new QDockWidget(QMainWindow::tr("Scopes"), window);
    out.dock->setObjectName(QStringLiteral("scopesDock"));
    out.dock->setWidget(out.panel);
    window->addDockWidget(Qt::RightDockWidgetArea, out.dock);
    checker->setScopeStore(out.store);
    ScopesPanel* panel = out.panel;
    QObject::connect(checker, &DocumentChecker::finished, panel, [panel](const CheckResult& result) {
        panel->setReferencedNames(unresolvedNames(result));
    });
    inspector->setLookupSources(checker, out.store);
    return out;
}

} // namespace kcs::ui::scopes
