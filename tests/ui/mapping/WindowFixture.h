// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "../UiTestSupport.h"
#include "ui/ConfigDocument.h"
#include "ui/Dialogs.h"
#include "ui/DocumentChecker.h"
#include "ui/JsonPane.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace kcs::test {

/// The real window on a writable copy of a fixture, for the issue 7 tests (mapping dialog,
/// Paste Error, Problems dock): opened through the document, shown offscreen.
class WindowFixture {
public:
    /// Copies tests/data/<fixture> to a temporary file and opens it in a new window.
    bool open(const QString& fixture)
    {
        if (!m_dir.isValid())
            return false;
        m_path = m_dir.filePath(QStringLiteral("model.json"));
        QFile::remove(m_path);
        if (!QFile::copy(dataPath(fixture), m_path))
            return false;
        QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
        m_original = readFile(m_path);
        QSettings().clear(); // the scopes remembered for this path by an earlier test
        m_window = std::make_unique<ui::MainWindow>();
        m_window->jsonPane()->setIdleApplyDelay(60 * 60 * 1000);
        m_window->checker()->setDelay(0);
        if (!loadInto(*m_window->document(), m_path))
            return false;
        m_window->show();
        return QTest::qWaitForWindowExposed(m_window.get());
    }

    void close()
    {
        ui::Dialogs::setNextAnswer(QMessageBox::Discard); // never block on the close question
        m_window.reset();
    }

    ui::MainWindow* window() const { return m_window.get(); }
    ui::ConfigDocument* document() const { return m_window->document(); }
    QByteArray text() const { return m_window->document()->json().text(); }
    const QByteArray& original() const { return m_original; }
    QString path() const { return m_path; }
    QString tempPath(const QString& name) const { return m_dir.filePath(name); }

    QAction* action(const char* name) const
    {
        return m_window->findChild<QAction*>(QString::fromLatin1(name));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    QByteArray m_original;
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace kcs::test
