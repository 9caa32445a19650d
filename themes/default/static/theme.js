// leidraad default theme: progressive enhancements (dark mode, checklists).
