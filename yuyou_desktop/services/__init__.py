"""Use cases, one module per area.  Each service takes the :class:`Database` (a session
factory) and returns plain frozen dataclasses, never live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.accounts import AccountService
from yuyou_desktop.services.audit import AuditService
from yuyou_desktop.services.backups import BackupService
from yuyou_desktop.services.demo import DemoService
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
from yuyou_desktop.services.sync.importing import ImportService
from yuyou_desktop.services.sync.keys import KeyService
from yuyou_desktop.services.sync.status import SyncStatusService
from yuyou_desktop.storage.database import Database


@dataclass(frozen=True)
class Services:
    """The object graph handed to the CLI and the GUI (built in ``__main__``)."""

    paths: DataPaths
    resources: Path
    database: Database
    office: OfficeService
    overview: OverviewService
    demo: DemoService
    maintenance: MaintenanceService
    settings: SettingsService
    registry: RegistryService
    attention: AttentionService
    transfer: TransferService
    inspections: InspectionService
    leads: LeadService
    todo: TodoService
    inspection_summary: InspectionSummaryService
    stats: StatsService
    reports: ReportService
    standards: StandardService
    campaigns: CampaignService
    case_file_import: CaseFileImporter
    reviewers: ReviewerService
    scoring: ScoringService
    review_results: ResultService
    review_export: ResultWorkbook
    letter_fonts: LetterFontService
    letters: LetterService
    letter_prefill: LetterPrefill
    sync_keys: KeyService
    sync_export: ExportService
    sync_import: ImportService
    sync_status: SyncStatusService
    plans: PlanService
    accounts: AccountService
    audit: AuditService
    backups: BackupService
