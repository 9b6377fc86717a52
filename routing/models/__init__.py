from .organisation import BusinessArea, Department, Office, User, office_code_validator

__all__ = ["BusinessArea", "Department", "Office", "User", "office_code_validator"]
