// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to the load simulation: the texts Keras raises while loading (spec 5-8, 12), with the
// values they interpolate already rendered as Python reprs by the caller.

#include "core/keras/Dialect.h"

#include <QString>

namespace kcs::keras::loadmsg {

/// K3 5.4.5 / tf-keras general path: "Could not locate class 'X'. Make sure ..."
QString couldNotLocate(Dialect target, QStringView kind, QStringView name, QStringView configRepr);
/// Legacy path (spec 8): "Unknown layer: 'X'. Please ensure you are using a ..."
QString unknownLegacy(QStringView printableModuleName, QStringView name);
/// get() helpers: "Could not interpret {kind} identifier: {identifier}" (str() of the value).
QString couldNotInterpret(QStringView kindWord, QStringView identifierText);
QString expectedConfigDict(QStringView className, QStringView typeRepr, QStringView configRepr);
QString expectedFunctionString(QStringView typeRepr, QStringView configRepr);
QString expectedTypespecList(QStringView typeRepr, QStringView configRepr);
QString registeredNameOnBuiltin(QStringView registeredRepr, QStringView api, QStringView configRepr);
QString nonModelingApi(QStringView api);
QString parentModuleNotImportable(QStringView kind, QStringView name, QStringView module,
                                  QStringView configRepr);
QString notKerasSaveable(QStringView module, QStringView name);
QString sequentialNeedsName(QStringView configRepr);
QString invalidLayerEntry(QStringView entryRepr);
QString modelFromConfigList(QStringView configRepr);
QString moduleNullUnregistered(QStringView className);
QString unknownConfigAsDict(QStringView configRepr);
QString emptyConfig(QStringView configRepr);
QString improperLegacyFormat(QStringView configRepr);
QString notALayer(QStringView typeRepr);
QString layersDeserializeNotALayer(QStringView configRepr);
/// K3 generic `__lambda__` marker (L1), K3 Lambda layer (L2), K2 marker (L3), K2 Lambda (L4).
QString lambdaMarker(Dialect target);
QString lambdaLayer(Dialect target);

/// Step 5.3.7: the TypeError re-raised around a from_config call.
QString wrapGeneral(QStringView classRepr, QStringView configRepr, QStringView message);

} // namespace kcs::keras::loadmsg
