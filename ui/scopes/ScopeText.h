// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the Scopes panel and its dialogs write a descriptor's fields.

#include "core/keras/ScopeFile.h"

#include <QCoreApplication>
#include <QString>

namespace kcs::ui::scopes {

inline QString kindText(const keras::ObjectDescriptor& d)
{
    const QString kind = d.isFunction ? QStringLiteral("function") : QStringLiteral("class");
    return d.aliasOf.isEmpty() ? kind
                               : QCoreApplication::translate("kcs::ui::scopes", "%1, alias of %2").arg(kind, d.aliasOf);
}

inline QString categoryText(const keras::ObjectDescriptor& d)
{
    return d.category ? keras::categoryWord(*d.category) : QCoreApplication::translate("kcs::ui::scopes", "(any)");
}

/// "units, activation, **kwargs"; "(not declared)" when the parameters are unknown.
inline QString paramsText(const keras::ObjectDescriptor& d)
{
    if (!d.params)
        return QCoreApplication::translate("kcs::ui::scopes", "(not declared)");
    QStringList names = *d.params;
    if (d.acceptsExtraKwargs)
        names << QStringLiteral("**kwargs");
    return names.join(QStringLiteral(", "));
}

} // namespace kcs::ui::scopes
