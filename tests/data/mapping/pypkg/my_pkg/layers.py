import keras
from keras import layers
from keras.saving import register_keras_serializable as reg


@keras.saving.register_keras_serializable(package="my_pkg")
class Scaler(layers.Layer):
    """Multiplies by a constant."""

    def __init__(self, factor=0.5, *, trainable_scale: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor
        self.trainable_scale = trainable_scale

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "trainable_scale": self.trainable_scale,
                       "nested": {"not_a_key": 1}})
        return config


@reg("blocks", "GatedUnit")
class Gate(keras.layers.Dense):
    def __init__(self, units, gate_activation="sigmoid",
                 kernel_size=(3, 3), **kwargs):
        super().__init__(units, **kwargs)
        self.s = """class NotAClass(Layer):
    def __init__(self, x): pass
"""

    def get_config(self):
        base = super().get_config()
        return {**base, "gate_activation": self.gate_activation, 'kernel_size': self.kernel_size}


@reg
class Plain(keras.layers.Layer):
    def __init__(self, rate, seed=None):
        super().__init__()

    def get_config(self):
        config = {}
        config["rate"] = self.rate
        config['seed'] = self.seed
        return dict(config, extra=1)


class Residual(keras.layers.Layer):  # not decorated: offered only when a model names it
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)


class DeepResidual(Residual):
    pass
