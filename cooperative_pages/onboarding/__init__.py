"""Onboarding at national scale: the registry CSV, the bulk importer and officer invitations."""
