// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/StatusPanel.h"

#include "ui/DocumentChecker.h"

#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

namespace kcs::ui {

StatusPanel::StatusPanel(ConfigDocument* document, QStatusBar* bar)
    : QObject(bar), m_document(document), m_bar(bar), m_kind(new QLabel(bar)),
      m_dialect(new QLabel(bar)), m_target(new QComboBox(bar)), m_verdict(new QLabel(bar)),
      m_progress(new QProgressBar(bar)), m_cancel(new QToolButton(bar)), m_checkBusyDelay(new QTimer(this))
{
    m_kind->setObjectName(QStringLiteral("fileKindLabel"));
    m_dialect->setObjectName(QStringLiteral("dialectLabel"));
    m_target->setObjectName(QStringLiteral("targetKerasSwitch"));
    m_verdict->setObjectName(QStringLiteral("verdictLabel"));
    m_progress->setObjectName(QStringLiteral("busyProgress"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_target->addItem(tr("Keras 3"), int(TargetKeras::Keras3));
    m_target->addItem(tr("tf.keras 2"), int(TargetKeras::TfKeras2));
    m_target->setToolTip(tr("The Keras version the checks and messages follow"));
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(120);
    m_progress->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    // Quick re-checks after each edit would only make the bar flicker.
    m_checkBusyDelay->setSingleShot(true);
    m_checkBusyDelay->setInterval(500);
    connect(m_checkBusyDelay, &QTimer::timeout, this, &StatusPanel::updateBusyWidgets);

    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_cancel);
    bar->addPermanentWidget(m_verdict);
    bar->addPermanentWidget(m_kind);
    bar->addPermanentWidget(m_dialect);
    bar->addPermanentWidget(m_target);

    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_opening)
            Q_EMIT cancelRequested();
        else if (m_checking)
            Q_EMIT cancelCheckRequested();
    });
    connect(m_target, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_document->setTarget(TargetKeras(m_target->itemData(index).toInt()));
    });
    connect(m_document, &ConfigDocument::targetChanged, this, [this](TargetKeras target) {
        m_target->setCurrentIndex(m_target->findData(int(target)));
    });
    connect(m_document, &ConfigDocument::fileChanged, this, &StatusPanel::updateFileInfo);
    updateFileInfo();
}

QString StatusPanel::kindText() const
{
    return m_kind->text();
}

QString StatusPanel::dialectText() const
{
    return m_dialect->text();
}

QString StatusPanel::verdictText() const
{
    return m_verdict->text();
}

void StatusPanel::updateFileInfo()
{
    m_kind->setText(m_document->hasFile() ? m_document->kind() : QString());
    m_dialect->setText(m_document->hasFile() ? m_document->dialect() : QString());
    m_verdict->clear();
}

void StatusPanel::setCheckBusyDelay(int milliseconds)
{
    m_checkBusyDelay->setInterval(milliseconds);
}

void StatusPanel::updateBusyWidgets()
{
    // A check reports no fractions; its state is the verdict label's "Checking…". (A busy bar,
    // range 0-0, is no option: Fusion takes up to a second to paint one, kcs-ui-bench found.)
    const bool checkShown = m_checking && !m_checkBusyDelay->isActive();
    m_progress->setVisible(m_opening);
    m_cancel->setVisible(m_opening || checkShown);
    m_cancel->setToolTip(m_opening ? tr("Stop opening the file") : tr("Stop waiting for the check"));
}

void StatusPanel::setBusy(bool busy, const QString& message)
{
    m_opening = busy;
    if (busy)
        m_progress->setValue(0);
    updateBusyWidgets();
    if (!message.isEmpty())
        m_bar->showMessage(message, busy ? 0 : 4000);
    else if (!busy)
        m_bar->clearMessage();
}

void StatusPanel::setProgress(int percent, const QString& message)
{
    if (!m_opening)
        return;
    m_progress->setValue(percent);
    m_bar->showMessage(message);
}

void StatusPanel::setCheckRunning(bool running)
{
    m_checking = running;
    if (running)
        m_checkBusyDelay->start();
    else
        m_checkBusyDelay->stop();
    updateBusyWidgets();
}

void StatusPanel::checkStarted()
{
    m_verdict->setText(tr("Checking…"));
    setCheckRunning(true);
}

void StatusPanel::checkCancelled()
{
    if (m_checking)
        m_verdict->setText(tr("Check cancelled"));
    setCheckRunning(false);
}

void StatusPanel::showCheckResult(const CheckResult& result)
{
    setCheckRunning(false);
    int errors = 0;
    int warnings = 0;
    for (const auto& problem : result.problems)
        (problem.severity == keras::Severity::Error ? errors : warnings) += 1;
    const QString target = m_target->currentText();
    if (result.loads && warnings == 0)
        m_verdict->setText(tr("%1 loads it").arg(target));
    else if (result.loads)
        m_verdict->setText(warnings == 1 ? tr("%1 loads it (1 warning)").arg(target)
                                         : tr("%1 loads it (%2 warnings)").arg(target).arg(warnings));
    else
        m_verdict->setText(errors == 1 ? tr("%1 refuses it: 1 error").arg(target)
                                       : tr("%1 refuses it: %2 errors").arg(target).arg(errors));
    m_verdict->setStyleSheet(result.loads ? QString() : QStringLiteral("color: #c62828;"));
}

} // namespace kcs::ui
