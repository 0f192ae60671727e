"""The demo region: a realistic Twente with people, meetings, positions and decisions."""

from regiodesk.demo.generator import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
