"""allauth's adapter: its rate limits read the client's address like every other limit."""

from allauth.account.adapter import DefaultAccountAdapter

from aimf_innovation.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request)
