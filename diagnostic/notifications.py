"""The kinds of notification of the diagnostic: none yet.

The diagnostic is co-written in the back-office and read by the person in their space; no step
of it tells anyone by e-mail or in-app notice. A kind it comes to need is declared here, once
(``francetravail.notifications.registre.declarer``, see CONTRIBUTING.md « Notifier »).
"""
