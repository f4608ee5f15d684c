"""Composition root: resolves paths, builds the services and hands them to the CLI or GUI.

``yuyou`` → :func:`main_cli`; ``yuyou-desktop`` → :func:`main_gui`; ``python -m yuyou_desktop``
runs the CLI.
"""

from __future__ import annotations

import sys

from yuyou_desktop.paths import DataPaths, resources_dir


def build_services(paths: DataPaths):  # -> Services (imported lazily to keep start-up fast)
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.accounts import AccountService
    from yuyou_desktop.services.audit import AuditService
    from yuyou_desktop.services.backups import BackupService
    from yuyou_desktop.services.demo import DemoService
    from yuyou_desktop.services.inspections.attachments import AttachmentStore
    from yuyou_desktop.services.inspections.leads import LeadService
    from yuyou_desktop.services.inspections.service import InspectionService
    from yuyou_desktop.services.inspections.summary import InspectionSummaryService
    from yuyou_desktop.services.inspections.todo import TodoService
    from yuyou_desktop.services.letters.fonts import LetterFontService
    from yuyou_desktop.services.letters.prefill import LetterPrefill
    from yuyou_desktop.services.letters.service import LetterService
    from yuyou_desktop.services.maintenance import MaintenanceService
    from yuyou_desktop.services.office import OfficeService
    from yuyou_desktop.services.overview import OverviewService
    from yuyou_desktop.services.plans.service import PlanService
    from yuyou_desktop.services.registry.attention import AttentionService
    from yuyou_desktop.services.registry.service import RegistryService
    from yuyou_desktop.services.registry.transfer import TransferService
    from yuyou_desktop.services.reports.reports import ReportService
    from yuyou_desktop.services.reports.stats import StatsService
    from yuyou_desktop.services.reviews.campaigns import CampaignService
    from yuyou_desktop.services.reviews.case_file_import import CaseFileImporter
    from yuyou_desktop.services.reviews.results import ResultService
    from yuyou_desktop.services.reviews.results_xlsx import ResultWorkbook
    from yuyou_desktop.services.reviews.reviewers import ReviewerService
    from yuyou_desktop.services.reviews.scoring import ScoringService
    from yuyou_desktop.services.reviews.standards import StandardService
    from yuyou_desktop.services.settings import SettingsService
    from yuyou_desktop.services.sync.exporting import ExportService
    from yuyou_desktop.services.sync.files import SyncFolders
    from yuyou_desktop.services.sync.importing import ImportReport, ImportService
    from yuyou_desktop.services.sync.keys import KeyService
    from yuyou_desktop.services.sync.reference import ReferenceImporter
    from yuyou_desktop.services.sync.status import SyncStatusService
    from yuyou_desktop.storage.database import Database

    database = Database(paths.database, paths.backups)
    office = OfficeService(database, paths)
    overview = OverviewService(database)
    resources = resources_dir()
    settings = SettingsService(database)
    registry = RegistryService(database, settings)
    standards = StandardService(database, office, resources)
    campaigns = CampaignService(database, settings, standards)
    review_results = ResultService(database)
    letter_fonts = LetterFontService(settings)
    inspections = InspectionService(database, settings, office, paths.attachments)
    leads = LeadService(database)
    stats = StatsService(database, settings)
    letters = LetterService(
        database,
        office,
        letter_fonts,
        resources / "letters",
        paths.attachments,
        county_templates=paths.county_templates,
    )
    sync_keys = KeyService(database, paths.keys)
    sync_folders = SyncFolders(paths.sync)
    reference = ReferenceImporter(
        database, paths.county_templates, letters.reload_types, ImportReport, letters.template_texts
    )
    maintenance = MaintenanceService(database, office, overview)
    backups = BackupService(database, paths, settings, office, maintenance)
    return Services(
        paths=paths,
        resources=resources,
        database=database,
        office=office,
        overview=overview,
        demo=DemoService(database, resources),
        maintenance=maintenance,
        settings=settings,
        registry=registry,
        attention=AttentionService(database, registry),
        transfer=TransferService(database, registry, office),
        inspections=inspections,
        leads=leads,
        todo=TodoService(database, settings),
        inspection_summary=InspectionSummaryService(database, office),
        stats=stats,
        reports=ReportService(database, stats, office, letter_fonts),
        standards=standards,
        campaigns=campaigns,
        case_file_import=CaseFileImporter(database, campaigns),
        reviewers=ReviewerService(database),
        scoring=ScoringService(database),
        review_results=review_results,
        review_export=ResultWorkbook(review_results, standards, office),
        letter_fonts=letter_fonts,
        letters=letters,
        letter_prefill=LetterPrefill(database, inspections, leads, review_results, letters),
        sync_keys=sync_keys,
        sync_export=ExportService(
            database, sync_keys, sync_folders, paths.attachments, letters.template_texts
        ),
        sync_import=ImportService(
            database,
            sync_keys,
            sync_folders,
            AttachmentStore(paths.attachments).store_chunks,
            reference,
            before_import=backups.before_import,
        ),
        sync_status=SyncStatusService(database, sync_keys),
        plans=PlanService(database, office),
        accounts=AccountService(database),
        audit=AuditService(database),
        backups=backups,
    )


def main_cli(argv: list[str] | None = None) -> int:
    from yuyou_desktop import cli
    from yuyou_desktop.logs import configure_logging

    args = sys.argv[1:] if argv is None else argv
    return cli.run(args, build_services, log_file=configure_logging())


def main_gui(argv: list[str] | None = None) -> int:
    from yuyou_desktop.gui.app import run
    from yuyou_desktop.logs import configure_logging

    return run(sys.argv if argv is None else argv, build_services, configure_logging())


if __name__ == "__main__":
    sys.exit(main_cli())
