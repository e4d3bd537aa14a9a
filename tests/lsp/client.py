"""Drives `vita lsp` from a real LSP client (pygls's LanguageClient), as an
editor would: opens the seed, introduces a typo, asks for the quick fix,
completion inside a `Positions` entry and a `kind:`, hover on a field, the
definition of a publication id, the outline; sends a huge document, a
request vita does not know and a position past the end.

Usage: python3 client.py VITA SEED.ron TYPO_LINE
Prints one JSON report of what the server answered.
"""
import asyncio
import json
import sys
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

VITA, SEED = sys.argv[1], Path(sys.argv[2]).resolve()
URI = SEED.as_uri()


async def main():
    client = LanguageClient("vita-test", "1")
    published = asyncio.Queue()

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params):
        published.put_nowait(params)

    async def diagnostics_of(uri):
        while True:
            p = await asyncio.wait_for(published.get(), 30)
            if p.uri == uri:
                return p.diagnostics

    def doc():
        return t.TextDocumentIdentifier(uri=URI)

    def unstructure(value):
        return client.protocol._converter.unstructure(value)

    report = {}
    await client.start_io(VITA, "lsp")
    init = await client.initialize_async(t.InitializeParams(capabilities=t.ClientCapabilities()))
    report["position_encoding"] = init.capabilities.position_encoding
    client.initialized(t.InitializedParams())

    text = SEED.read_text()
    lines = text.split("\n")
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=URI, language_id="ron", version=1, text=text)))
    report["seed_diagnostics"] = [d.message for d in await diagnostics_of(URI)]

    # A typo: the diagnostic `vita check` prints, and its fix.
    typo = text.replace('name: "Seo Jin Park"', 'nam: "Seo Jin Park"', 1)
    started = time.perf_counter()
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=typo)]))
    found = await diagnostics_of(URI)
    report["diagnostics_ms"] = (time.perf_counter() - started) * 1000
    report["typo"] = unstructure(found)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=doc(), range=found[0].range, context=t.CodeActionContext(diagnostics=found)))
    report["actions"] = unstructure(actions)
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=URI, version=3),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))
    report["fixed_diagnostics"] = [d.message for d in await diagnostics_of(URI)]

    def at(needle, after=0):
        """The position just after `needle` (its first line)."""
        for i, line in enumerate(lines):
            if needle in line:
                return t.Position(line=i, character=line.index(needle) + len(needle) + after)
        raise AssertionError(needle)

    async def labels(position):
        started = time.perf_counter()
        got = await client.text_document_completion_async(t.CompletionParams(text_document=doc(), position=position))
        report.setdefault("completion_ms", []).append((time.perf_counter() - started) * 1000)
        items = got.items if hasattr(got, "items") else got
        return [i.label for i in items]

    # Inside the first `Positions` entry, after its `org: "...",`.
    report["positions_fields"] = await labels(at('org: "University of Southern California",', 1))
    report["kind_values"] = await labels(at("kind: ", 0))
    report["section_kinds"] = await labels(at("sections: [", 0))
    report["publication_ids"] = await labels(at('publications: ["', 0))

    hover = await client.text_document_hover_async(t.HoverParams(text_document=doc(), position=at("      org", -1)))
    report["hover"] = hover.contents.value if hover else None

    definition = await client.text_document_definition_async(t.DefinitionParams(
        text_document=doc(), position=at('publications: ["burst-', 0)))
    report["definition"] = unstructure(definition)
    report["definition_line"] = lines[definition.range.start.line] if definition else None

    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc()))
    report["symbols"] = [[s.name, s.detail, [c.name for c in s.children or []][:2]] for s in symbols]

    # Formatting: the seed without its indentation gets it back.
    flat = "\n".join(line.lstrip() for line in lines)
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=URI, version=5),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=flat)]))
    await diagnostics_of(URI)
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=doc(), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    report["formatted"] = edits[0].new_text if edits else None
    report["format_range_end"] = unstructure(edits[0].range.end) if edits else None

    # Hostile: a position past the end, a request vita does not know, a huge document.
    report["past_end"] = unstructure(await client.text_document_hover_async(
        t.HoverParams(text_document=doc(), position=t.Position(line=99999, character=5))))
    try:
        await client.protocol.send_request_async("vita/nothing", {})
        report["unknown"] = "answered"
    except Exception as e:  # the error the server answered
        report["unknown"] = str(e)
    huge = "(person: (name: \"A\"), sections: [" + ("Text(title: \"t\", body: \"x\"), " * 120000) + "])"
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=URI, version=4),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=huge * 6)]))
    report["huge"] = [d.message for d in await diagnostics_of(URI)]

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print(json.dumps(report))


asyncio.run(main())
