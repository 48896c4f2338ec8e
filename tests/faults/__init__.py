"""The fault suite (issue 16): kills, full disks, hostile pages and bad configurations, on real crawls."""
