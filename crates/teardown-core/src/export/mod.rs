//! Renderings of a timeline for authors: text, Mermaid, SVG, pcap.
