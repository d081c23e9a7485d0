import tensorflow as tf
from tensorflow import keras as K


@tf.keras.utils.register_keras_serializable(package="losses")
class FocalLoss(tf.keras.losses.Loss):
    def __init__(self, gamma=2.0, name="focal_loss", **kwargs):
        super().__init__(name=name, **kwargs)

    def get_config(self): return {"gamma": self.gamma, "name": self.name}


@K.utils.register_keras_serializable(name="smooth_l1")
def smooth_l1_loss(y_true, y_pred, delta=1.0):
    return y_true - y_pred


@tf.keras.utils.register_keras_serializable()
def my_act(x):
    return x


@keras.saving.register_keras_serializable(package='sched')  # 'keras' is not imported here: still recognised
class WarmUp(K.optimizers.schedules.LearningRateSchedule):
    def __init__(self, peak, warmup_steps):
        self.peak = peak
