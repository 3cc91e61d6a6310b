from enterprise_emulator import enterprise_emulator, loopback_allowed

__all__ = ["enterprise_emulator", "loopback_allowed"]
