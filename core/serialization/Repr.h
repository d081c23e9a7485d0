// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/serialization/PyValue.h"

#include <QString>

namespace kcs::saving {

/// Python's repr of an in-memory value, as Keras's error messages print it inside f-strings
/// (spec 12.3): {'units': 4, 'name': None}, [1, 2], (1,), b'x', slice(1, 2, None), Ellipsis,
/// <class 'my_pkg.MyDense'>, <function relu>. Leaves use kcs::serialization::pyReprString /
/// pyReprFloat. Objects print as `<module.Name object>` (Python adds an address no file can
/// reproduce); arrays print as array(<list>, dtype=<dtype>).
QString repr(const PyValue& value);

/// repr(type(value)): <class 'list'>, <class 'NoneType'>, <class 'my_module.MyDense'>.
QString typeRepr(const PyValue& value);

} // namespace kcs::saving
