// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/serialization/KerasVersion.h"

#include <QString>

namespace kcs::saving::messages {

// Keras's error texts (spec sections 5, 6, 8 and 12), exactly, including upstream typos. Values
// Keras interpolates with repr() are passed in already rendered (saving::repr).

/// L1/L2/L3/L4 of spec section 6.
QString lambdaGenericK3();
QString lambdaLayerK3();
QString lambdaGenericK2();
QString lambdaLayerK2();

QString couldNotLocate(const KerasVersion& v, QStringView kind, QStringView name, QStringView configRepr);
QString unknownObjectLegacy(const KerasVersion& v, QStringView printableModuleName, QStringView className);
QString registeredNameOnBuiltin(QStringView regRepr, QStringView api, QStringView configRepr);
QString nonModelingApi(QStringView api);
QString notKerasSaveable(QStringView module, QStringView name);
QString parentModuleNotImportable(QStringView kind, QStringView name, QStringView module, QStringView configRepr);
QString couldNotBeDeserializedProperly(QStringView classRepr, QStringView configRepr, QStringView message);
QString missingFromConfig(QStringView className, QStringView configRepr);

} // namespace kcs::saving::messages
