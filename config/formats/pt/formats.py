"""Portuguese as written in Brazil, the organisation's Portuguese-speaking member state.

The product's `pt` is Brazilian Portuguese; Django's `pt` formats are Portugal's, so
dates and numbers follow its `pt_BR` module instead.
"""

from django.conf.locale.pt_BR import formats as brazil

DATE_FORMAT = brazil.DATE_FORMAT
TIME_FORMAT = brazil.TIME_FORMAT
DATETIME_FORMAT = brazil.DATETIME_FORMAT
YEAR_MONTH_FORMAT = brazil.YEAR_MONTH_FORMAT
MONTH_DAY_FORMAT = brazil.MONTH_DAY_FORMAT
SHORT_DATE_FORMAT = brazil.SHORT_DATE_FORMAT
SHORT_DATETIME_FORMAT = brazil.SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = brazil.FIRST_DAY_OF_WEEK
DATE_INPUT_FORMATS = brazil.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = brazil.DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = brazil.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = brazil.THOUSAND_SEPARATOR
NUMBER_GROUPING = brazil.NUMBER_GROUPING
